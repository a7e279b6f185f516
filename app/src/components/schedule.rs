//! A course's schedule, grouped by day, in the course's own time zone.

use crate::model::Schedule;
use leptos::prelude::*;

#[component]
pub fn ScheduleView(schedule: Schedule) -> impl IntoView {
    view! {
        <section class="schedule" aria-labelledby="schedule-title">
            <h2 id="schedule-title">"Schedule"</h2>
            <p class="schedule__zone">"All times are " <strong>{schedule.zone_label.clone()}</strong> "."</p>
            {schedule
                .days
                .into_iter()
                .map(|day| {
                    let id = format!("day-{}", day.date);
                    let labelled_by = id.clone();
                    view! {
                        <section class="schedule__day" aria-labelledby=labelled_by>
                            <h3 id=id><time datetime=day.date.clone()>{day.label.clone()}</time></h3>
                            <table class="schedule__table">
                                <caption class="visually-hidden">{format!("Sessions on {}", day.label)}</caption>
                                <thead>
                                    <tr><th scope="col">"Time"</th><th scope="col">"Session"</th></tr>
                                </thead>
                                <tbody>
                                    {day
                                        .entries
                                        .into_iter()
                                        .map(|e| {
                                            view! {
                                                <tr class:schedule__break=e.is_break>
                                                    <td class="schedule__time">
                                                        <time datetime=e.starts_at.clone()>{e.time_label.clone()}</time>
                                                    </td>
                                                    <th scope="row" class="schedule__title">
                                                        {e.title.clone()}
                                                        {e.track.clone().map(|t| view! { <span class="badge">{t}</span> })}
                                                    </th>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }
                })
                .collect_view()}
        </section>
    }
}
