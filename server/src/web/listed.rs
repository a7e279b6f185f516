//! A router that keeps a list of what it serves. Axum cannot list a router's routes, and the
//! authorization table (`access`) must cover every one, so the hub's own (non-page) routes are
//! added one method at a time through this, and the list is checked against the table.

use super::AppState;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;

#[derive(Default)]
pub struct Listed {
    pub router: Router<AppState>,
    /// (method, path) of every route, in axum's `{param}` syntax.
    pub routes: Vec<(Method, String)>,
}

impl Listed {
    pub fn new() -> Self {
        Self::default()
    }

    /// `method` at `path`, served by `service` (a method router for that method alone, perhaps
    /// with its own layers).
    pub fn route(mut self, method: Method, path: &str, service: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, service);
        self.routes.push((method, path.to_string()));
        self
    }

    fn add<H, T>(self, method: Method, filter: MethodFilter, path: &str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.route(method, path, on(filter, handler))
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> Self {
        self.add(Method::GET, MethodFilter::GET, path, handler)
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> Self {
        self.add(Method::POST, MethodFilter::POST, path, handler)
    }

    pub fn put<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> Self {
        self.add(Method::PUT, MethodFilter::PUT, path, handler)
    }

    pub fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> Self {
        self.add(Method::DELETE, MethodFilter::DELETE, path, handler)
    }

    pub fn merge(mut self, other: Listed) -> Self {
        self.router = self.router.merge(other.router);
        self.routes.extend(other.routes);
        self
    }

    pub fn nest(mut self, prefix: &str, other: Listed) -> Self {
        self.router = self.router.nest(prefix, other.router);
        self.routes
            .extend(other.routes.into_iter().map(|(m, p)| (m, format!("{prefix}{p}"))));
        self
    }
}
