//! The app's [`Backend`] port, implemented over the database. The learner's methods find who is
//! signed in from the request the server function is answering (its session and address).

use crate::accounts::throttle::SignInThrottle;
use crate::accounts::{guarded, sessions, store, AccountId, NewAccount};
use crate::admin::analytics;
use crate::catalog::{self, browse};
use crate::collections;
use crate::error::HubError;
use crate::learning;
use crate::progress::{bookmarks, calendar_feed, certificates, marks, pathways, quizzes, units};
use crate::publish::page;
use crate::search::SearchIndex;
use crate::teams::{self, focus, invites, members};
use crate::web::middleware::page_cache::{Counted, SearchCount};
use app::backend::{Backend, SignUp};
use app::error::UiError;
use app::model::collection::{CollectionChange, CollectionView, CollectionsPage};
use app::model::team::{FocusKind, InvitationReport, Invite, InvitePreview, TeamView, TeamsPage};
use app::model::{
    Account, BookmarksPage, BrowsePage, CalendarFeed, Certificate, Dashboard, HomeData, LearnerMarks, PathwayDetail,
    PathwayProgress, QuizResult, QuizView, ResourceDetail, ResourceLearning, ResourceProgress, SearchPage, Status,
    Suggestion,
};
use app::query::{BrowseQuery, SearchQuery};
use sqlx::AnyPool;
use std::sync::Arc;
use tower_sessions::Session;

pub struct DbBackend {
    pub pool: AnyPool,
    pub search: Arc<SearchIndex>,
    pub throttle: Arc<SignInThrottle>,
    pub address: super::published::PublicAddress,
    pub home: catalog::home_cache::HomeCache,
    pub mail: Arc<crate::mail::MailSettings>,
    pub files: Arc<dyn crate::credits::files::FileStore>,
}

/// The current request's session.
async fn session() -> Result<Session, UiError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "no session on a server function's request");
        UiError::Internal
    })
}

/// Where a secret link's address waits in its maker's session to be shown once (see
/// `sessions::keep_once`).
const FRESH_CALENDAR: &str = "calendar";

fn fresh_invite(team: i64) -> String {
    format!("invite.{team}")
}

/// Where the team page finds what the last send of invitations did, once.
fn invitations_sent(team: i64) -> String {
    format!("invitations.{team}")
}

fn fresh_collection_link(collection: i64) -> String {
    format!("collection_link.{collection}")
}

/// A tag unique to the request being answered: the page nonce `web::middleware::security`
/// mints for it. Read it before a method's first await: Leptos can drop a rendering while its
/// data is still loading, and the dropped rendering's loader runs on without the request in
/// its context. Read late, it found no tag, took a link shown once for itself and left the
/// rendering the visitor sees without it.
fn this_request() -> Option<String> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<leptos::nonce::Nonce>().map(|n| n.to_string()))
}

/// A link shown once, for the rendering of `request` (see [`sessions::take_once`]). Without a
/// request to share it with, it is left where it is for a rendering that has one.
async fn shown_once(session: &Session, key: &str, request: Option<String>) -> Result<Option<String>, UiError> {
    match request {
        Some(request) => Ok(sessions::take_once(session, key, &request).await?),
        None => Ok(None),
    }
}

/// The client's address, as the throttle counts it.
async fn client_address() -> Result<Option<std::net::IpAddr>, UiError> {
    let crate::web::extract::ClientAddress(address) = leptos_axum::extract().await.map_err(|_| UiError::Internal)?;
    Ok(address)
}

impl DbBackend {
    /// The signed-in learner, if any (an account deleted or disabled since counts as none).
    async fn current(&self) -> Result<Option<(AccountId, Account, Session)>, UiError> {
        let session = session().await?;
        let caller = crate::web::caller::of_leptos_request(&self.pool).await?;
        Ok(caller.map(|c| (c.id, c.account, session)))
    }

    async fn signed_in(&self) -> Result<(AccountId, Account, Session), UiError> {
        self.current().await?.ok_or(UiError::SignInRequired)
    }
}

#[async_trait::async_trait]
impl Backend for DbBackend {
    async fn home(&self) -> Result<HomeData, UiError> {
        // Taken before reading, so a change made meanwhile is read again at the next visit.
        let mark = self.search.catalog_mark();
        if let Some(kept) = mark.as_ref().and_then(|m| self.home.get(m)) {
            return Ok(kept);
        }
        let glance = crate::search::listing::glance(&self.search, &self.pool).await?;
        let data = catalog::home(&self.pool, glance).await?;
        if let Some(mark) = mark {
            self.home.keep(mark, &data);
        }
        Ok(data)
    }

    async fn browse(&self, query: &BrowseQuery) -> Result<BrowsePage, UiError> {
        let mut page = crate::search::listing::browse(&self.search, &self.pool, query).await?;
        app::model::trim_facets(&mut page.facets, query.more.as_deref());
        Ok(page)
    }

    async fn resource(&self, slug: &str) -> Result<Option<ResourceDetail>, UiError> {
        let base = self.address.base_here().await;
        Ok(page::resource_detail(&self.pool, slug, &base).await?)
    }

    async fn pathway(&self, slug: &str) -> Result<Option<PathwayDetail>, UiError> {
        Ok(catalog::pathway_detail(&self.pool, slug).await?)
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchPage, UiError> {
        // Before the first await, as in `this_request`.
        let count = leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<SearchCount>().cloned());
        let (index, q) = (self.search.clone(), query.clone());
        let mut page = crate::blocking::run(move || index.search(&q)).await??;
        app::model::trim_facets(&mut page.facets, query.filters.more.as_deref());
        // Only the search page comes this way (the JSON API asks the index itself), so only its
        // searches are logged.
        page.search_token = analytics::record_search(&self.pool, query, page.total).await;
        // Told to the layer that keeps the page, which logs the search again for each visit
        // it answers from what it kept.
        match (count, &page.search_token) {
            (Some(count), Some(token)) => count.counted(Counted {
                words: query.q.clone(),
                results: page.total,
                token: token.clone(),
            }),
            (Some(count), None) if analytics::counts(query) => count.failed(),
            _ => {}
        }
        Ok(page)
    }

    async fn suggest(&self, text: &str) -> Result<Vec<Suggestion>, UiError> {
        let (index, text) = (self.search.clone(), text.to_string());
        Ok(crate::blocking::run(move || index.suggest(&text)).await??)
    }

    async fn certificate(&self, code: &str) -> Result<Option<Certificate>, UiError> {
        let Some((mut found, owner)) = certificates::find_owned(&self.pool, code).await? else {
            return Ok(None);
        };
        found.verify_url = format!("{}/certificates/{}", self.address.base_here().await, found.code);
        if let Some((id, account, _)) = self.current().await? {
            found.mine = id == owner;
            found.can_revoke =
                crate::web::middleware::gate::refusal(crate::web::access::Who::Admin, Some(&account)).is_none();
        }
        Ok(Some(found))
    }

    async fn marks(&self) -> Result<LearnerMarks, UiError> {
        let who = self.current().await?.map(|(id, account, _)| (id, account));
        Ok(marks::marks(&self.pool, who).await?)
    }

    async fn sign_up(&self, new: SignUp) -> Result<(), UiError> {
        let next = new.next.clone();
        let new = NewAccount {
            name: new.name,
            email: new.email,
            password: new.password,
            profession: new.profession,
            discipline: new.discipline,
        };
        let address = client_address().await?;
        Ok(guarded::sign_up(&self.pool, &self.throttle, &self.mail, new, next.as_deref(), address).await?)
    }

    async fn confirm_link(&self, token: &str) -> Result<Option<String>, UiError> {
        Ok(crate::accounts::confirm::check(&self.pool, token)
            .await?
            .map(|(_, email)| email))
    }

    async fn confirm_email(&self, token: &str) -> Result<(), UiError> {
        let session = session().await?;
        let id = crate::accounts::confirm::confirm(&self.pool, token).await?;
        store::signed_in(&self.pool, id).await?;
        Ok(sessions::sign_in(&session, id).await?)
    }

    async fn send_confirmation_again(&self) -> Result<String, UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(crate::accounts::confirm::send_again(&self.pool, &self.mail, id).await?)
    }

    async fn keep_current_email(&self) -> Result<(), UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(crate::accounts::confirm::cancel_new_address(&self.pool, id).await?)
    }

    async fn unsubscribe_link(&self, token: &str) -> Result<Option<app::model::UnsubscribeLink>, UiError> {
        Ok(crate::mail::unsubscribe::link(&self.pool, token)
            .await?
            .map(|(address, label, off)| app::model::UnsubscribeLink { address, label, off }))
    }

    async fn unsubscribe(&self, token: &str) -> Result<(), UiError> {
        Ok(crate::mail::unsubscribe::turn_off(&self.pool, token).await?)
    }

    async fn mail_choices(&self) -> Result<app::model::MailChoices, UiError> {
        let (id, _, _) = self.signed_in().await?;
        let mut choices = crate::accounts::preferences::get(&self.pool, id).await?;
        choices.digest = crate::progress::follows::get(&self.pool, id).await?;
        Ok(choices)
    }

    async fn save_mail_choices(&self, on: Vec<String>, time_zone: &str) -> Result<(), UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(crate::accounts::preferences::save(&self.pool, id, &on, time_zone).await?)
    }

    async fn follow_for_digest(&self, facet: &str, value: &str, follow: bool) -> Result<(), UiError> {
        let (id, _, _) = self.signed_in().await?;
        crate::progress::follows::set(&self.pool, id, facet, value, follow).await?;
        Ok(())
    }

    async fn sign_in(&self, email: &str, password: &str) -> Result<(), UiError> {
        let session = session().await?;
        let address = client_address().await?;
        let id = guarded::sign_in(&self.pool, &self.throttle, email, password, address).await?;
        Ok(sessions::sign_in(&session, id).await?)
    }

    async fn sign_out(&self) -> Result<(), UiError> {
        Ok(sessions::sign_out(&session().await?).await?)
    }

    async fn change_password(&self, current: &str, new: &str) -> Result<(), UiError> {
        let (id, account, session) = self.signed_in().await?;
        let keep = sessions::id(&session);
        let address = client_address().await?;
        let who = (id, account.email.as_str());
        guarded::change_password(&self.pool, &self.throttle, who, current, new, keep.as_deref(), address).await?;
        Ok(())
    }

    async fn update_profile(&self, change: app::backend::ProfileChange) -> Result<Account, UiError> {
        let (id, account, _) = self.signed_in().await?;
        let address = client_address().await?;
        Ok(guarded::update_profile(
            &self.pool,
            &self.throttle,
            &self.mail,
            (id, &account.email),
            change,
            address,
        )
        .await?)
    }

    async fn take_pledge(&self, commitments: Vec<String>) -> Result<Account, UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(store::take_pledge(&self.pool, id, &commitments).await?)
    }

    async fn delete_account(&self, password: &str) -> Result<(), UiError> {
        let (id, account, session) = self.signed_in().await?;
        let address = client_address().await?;
        guarded::delete_account(&self.pool, &self.throttle, (id, &account.email), password, address).await?;
        super::credits_backend::after_account_deleted(&self.pool, self.files.as_ref()).await;
        Ok(sessions::sign_out(&session).await?)
    }

    async fn forgot_password(&self, email: &str) -> Result<(), UiError> {
        let address = client_address().await?;
        Ok(guarded::forgot_password(&self.pool, &self.throttle, &self.mail, email, address).await?)
    }

    async fn reset_link(&self, token: &str) -> Result<Option<String>, UiError> {
        Ok(crate::accounts::reset::check(&self.pool, token)
            .await?
            .map(|(_, email)| email))
    }

    async fn reset_password(&self, token: &str, new: &str) -> Result<(), UiError> {
        let session = session().await?;
        let address = client_address().await?;
        let id = guarded::reset_password(&self.pool, &self.throttle, &self.mail, token, new, address).await?;
        // Every session of the account has ended, this one too: sign this browser in afresh.
        Ok(sessions::sign_in(&session, id).await?)
    }

    async fn set_bookmark(&self, slug: &str, saved: bool, note: Option<String>) -> Result<bool, UiError> {
        let (id, _, _) = self.signed_in().await?;
        if saved {
            bookmarks::set(&self.pool, id, slug, note.as_deref()).await?;
        } else {
            bookmarks::remove(&self.pool, id, slug).await?;
        }
        Ok(saved)
    }

    async fn calendar_feed(&self) -> Result<CalendarFeed, UiError> {
        let request = this_request();
        let (id, _, session) = self.signed_in().await?;
        let on = calendar_feed::is_on(&self.pool, id).await?;
        let url = shown_once(&session, FRESH_CALENDAR, request).await?;
        Ok(CalendarFeed {
            on,
            url: url.filter(|_| on),
        })
    }

    async fn set_calendar_feed(&self, on: bool) -> Result<CalendarFeed, UiError> {
        let (id, _, session) = self.signed_in().await?;
        if !on {
            calendar_feed::stop(&self.pool, id).await?;
            return Ok(CalendarFeed::default());
        }
        let token = calendar_feed::reset(&self.pool, id).await?;
        let url = format!("{}{}", self.address.base_here().await, calendar_feed::path(&token));
        // Shown on the page the form returns to; the hub keeps only the digest.
        sessions::keep_once(&session, FRESH_CALENDAR, &url).await?;
        Ok(CalendarFeed {
            on: true,
            url: Some(url),
        })
    }

    async fn bookmarks(&self, query: &BrowseQuery) -> Result<BookmarksPage, UiError> {
        let (id, _, _) = self.signed_in().await?;
        let mut conn = self.pool.acquire().await.map_err(HubError::from)?;
        let mut page = browse::browse_within(&mut conn, query, browse::Scope::BookmarkedBy(id.0)).await?;
        drop(conn);
        app::model::trim_facets(&mut page.facets, query.more.as_deref());
        let notes = bookmarks::list(&self.pool, id, None)
            .await?
            .into_iter()
            .map(|b| (b.resource.slug, b.note))
            .collect();
        Ok(BookmarksPage { page, notes })
    }

    async fn learning(&self, slug: &str) -> Result<Option<ResourceLearning>, UiError> {
        match self.current().await? {
            None => Ok(None),
            Some((id, _, _)) => Ok(Some(learning::resource(&self.pool, id, slug).await?)),
        }
    }

    async fn pathway_progress(&self, slug: &str) -> Result<Option<PathwayProgress>, UiError> {
        match self.current().await? {
            None => Ok(None),
            Some((id, _, _)) => Ok(pathways::progress(&self.pool, id, slug).await?),
        }
    }

    async fn record(&self, slug: &str, item: &str, status: Status) -> Result<ResourceProgress, UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(units::record(&self.pool, id, slug, item, status).await?)
    }

    async fn undo_completion(&self, slug: &str, item: &str) -> Result<ResourceProgress, UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(units::undo_completion(&self.pool, id, slug, item).await?)
    }

    async fn reset_progress(&self, slug: &str, item: &str) -> Result<ResourceProgress, UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(units::reset(&self.pool, id, slug, item).await?)
    }

    async fn report(&self, slug: &str, date: &str) -> Result<ResourceProgress, UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(units::report(&self.pool, id, slug, date).await?)
    }

    async fn quiz(&self, slug: &str, item: &str, review: bool) -> Result<QuizView, UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(quizzes::view(&self.pool, id, slug, item, review).await?)
    }

    async fn submit_quiz(&self, slug: &str, item: &str, answers: Vec<i64>) -> Result<QuizResult, UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(quizzes::attempt(&self.pool, id, slug, item, &answers).await?)
    }

    async fn dashboard(&self) -> Result<Dashboard, UiError> {
        let (id, account, _) = self.signed_in().await?;
        Ok(learning::dashboard(&self.pool, id, account).await?)
    }

    async fn teams(&self) -> Result<TeamsPage, UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(teams::store::list(&self.pool, id).await?)
    }

    async fn create_team(&self, name: &str) -> Result<i64, UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(teams::store::create(&self.pool, id, name).await?)
    }

    async fn team(&self, team: i64) -> Result<TeamView, UiError> {
        let request = this_request();
        let (id, _, session) = self.signed_in().await?;
        let mut view = teams::store::view(&self.pool, team, id).await?;
        if let Some(invite) = view.invite.as_mut() {
            invite.url = shown_once(&session, &fresh_invite(team), request.clone()).await?;
        }
        if view.leading {
            view.last_send = shown_once(&session, &invitations_sent(team), request)
                .await?
                .and_then(|json| serde_json::from_str(&json).ok());
        }
        Ok(view)
    }

    async fn delete_team(&self, team: i64, confirmed: bool) -> Result<(), UiError> {
        let (id, _, _) = self.signed_in().await?;
        if !confirmed {
            return Err(UiError::Invalid {
                field: "confirm".into(),
                message: "Tick the box to confirm: the team, its invite link and what it follows go.".into(),
            });
        }
        Ok(teams::store::delete(&self.pool, team, id).await?)
    }

    async fn set_team_invite(&self, team: i64, days: Option<u32>) -> Result<Option<Invite>, UiError> {
        let (id, _, session) = self.signed_in().await?;
        match days {
            None => {
                invites::stop(&self.pool, team, id).await?;
                Ok(None)
            }
            Some(days) => {
                let base = self.address.base_here().await;
                let invite = invites::create(&self.pool, team, id, days, &base).await?;
                if let Some(url) = &invite.url {
                    sessions::keep_once(&session, &fresh_invite(team), url).await?;
                }
                Ok(Some(invite))
            }
        }
    }

    async fn send_team_invitations(&self, team: i64, emails: &str) -> Result<InvitationReport, UiError> {
        let (id, _, session) = self.signed_in().await?;
        let report = teams::invitations::send(&self.pool, &self.mail, team, id, emails).await?;
        let json = serde_json::to_string(&report).map_err(|_| UiError::Internal)?;
        sessions::keep_once(&session, &invitations_sent(team), &json).await?;
        Ok(report)
    }

    async fn set_team_focus(&self, team: i64, kind: FocusKind, slug: &str, follow: bool) -> Result<(), UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(focus::set(&self.pool, team, id, kind, slug, follow).await?)
    }

    async fn invite(&self, token: &str) -> Result<InvitePreview, UiError> {
        let who = self.current().await?.map(|(id, _, _)| id);
        Ok(invites::preview(&self.pool, token, who).await?)
    }

    async fn join_team(&self, token: &str, share: bool) -> Result<i64, UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(invites::join(&self.pool, token, id, share).await?)
    }

    async fn set_team_sharing(&self, team: i64, share: bool) -> Result<(), UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(members::set_sharing(&self.pool, team, id, share).await?)
    }

    async fn leave_team(&self, team: i64) -> Result<(), UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(members::leave(&self.pool, team, id).await?)
    }

    async fn collections(&self) -> Result<CollectionsPage, UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(collections::store::list(&self.pool, id).await?)
    }

    async fn create_collection(&self, name: &str) -> Result<i64, UiError> {
        let (id, _, _) = self.signed_in().await?;
        Ok(collections::store::create(&self.pool, id, name).await?)
    }

    async fn collection(&self, collection: i64) -> Result<CollectionView, UiError> {
        let request = this_request();
        let (id, _, session) = self.signed_in().await?;
        let mut view = collections::store::view(&self.pool, collection, id).await?;
        if view.mine {
            let fresh = shown_once(&session, &fresh_collection_link(collection), request).await?;
            view.link = fresh.filter(|_| view.link_on);
        }
        Ok(view)
    }

    async fn change_collection(&self, collection: i64, change: CollectionChange) -> Result<(), UiError> {
        let (id, _, session) = self.signed_in().await?;
        let CollectionChange::Link { on } = change else {
            return Ok(collections::change(&self.pool, collection, id, change).await?);
        };
        if let Some(token) = collections::sharing::set_link(&self.pool, collection, id, on).await? {
            let url = format!(
                "{}{}",
                self.address.base_here().await,
                collections::store::link_path(&token)
            );
            sessions::keep_once(&session, &fresh_collection_link(collection), &url).await?;
        }
        Ok(())
    }

    async fn delete_collection(&self, collection: i64, confirmed: bool) -> Result<(), UiError> {
        let (id, _, _) = self.signed_in().await?;
        if !confirmed {
            return Err(UiError::Invalid {
                field: "confirm".into(),
                message: "Tick the box to confirm: the collection, its notes and its link go.".into(),
            });
        }
        Ok(collections::store::delete(&self.pool, collection, id).await?)
    }

    async fn shared_collection(&self, token: &str) -> Result<CollectionView, UiError> {
        Ok(collections::store::shared(&self.pool, token).await?)
    }
}
