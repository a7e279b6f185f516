//! What the verifiable certificates and the transcript cost a request, in the same run as a
//! baseline for each: a signed credential against its JSON alone, a status list with 1,000
//! revoked places (as each `/credentials/status/{n}` builds it), a certificate's PDF, and a
//! transcript's PDF against its CSV at 10 and 500 lines (500: the most outside activities a
//! learner may record).
//!
//! Run: `cargo bench --bench credentials`. `ROUNDS=n` (default 41, the first discarded).

use app::model::Certificate;
use hub::credentials::{badge, keys::Issuer, printed, status};
use hub::credits::transcript::{self, Line, Transcript};
use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time<T>(rounds: usize, mut work: impl FnMut() -> T) -> Duration {
    let mut times = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let start = Instant::now();
        std::hint::black_box(work());
        // The first round warms caches (fonts parsed, allocator) and is not counted.
        if round > 0 {
            times.push(start.elapsed());
        }
    }
    median(times)
}

fn certificate() -> Certificate {
    Certificate {
        code: "K7QM-2XPA-9TRD".into(),
        learner_name: "Ana Ruiz".into(),
        title: "Palliative Care Module Series, Part 1".into(),
        subject_label: "Module series".into(),
        href: "/resources/palliative-care-module-series-part-1".into(),
        completed_on: "2026-12-01".into(),
        issued_at: "2026-12-01T10:00:00.000Z".into(),
        self_reported: false,
        verify_url: String::new(),
        credits: vec!["1.5 ANCC contact hours".into()],
        revoked_at: None,
        mine: false,
        can_revoke: false,
    }
}

fn transcript_of(lines: usize) -> Transcript {
    let base = "https://hub.example.org";
    Transcript {
        learner: "Ana Ruiz".into(),
        made_on: "2026-12-07".into(),
        covers: "All dates, every credit type".into(),
        lines: (0..lines)
            .map(|i| Line {
                completed_on: format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
                title: format!("Activity {i}: managing pain and breathlessness at the end of life"),
                provider: "A provider of continuing education".into(),
                credit: "ANCC contact hours".into(),
                amount: 1.5,
                topics: vec!["pain".into(), "end-of-life care".into()],
                // Every other line from the hub, with its certificate and QR code.
                certificate: (i % 2 == 0).then(|| {
                    (
                        format!("K7QM-2XPA-{i:04}"),
                        format!("{base}/certificates/K7QM-2XPA-{i:04}"),
                    )
                }),
            })
            .collect(),
        totals: vec![("ANCC contact hours".into(), 1.5 * lines as f64)],
    }
}

fn row(name: &str, took: Duration, baseline: Option<(&str, Duration)>) {
    let us = took.as_secs_f64() * 1e6;
    match baseline {
        Some((what, b)) => println!(
            "{name:<44} {us:>10.1} µs   {:>7.1}× {what}",
            took.as_secs_f64() / b.as_secs_f64()
        ),
        None => println!("{name:<44} {us:>10.1} µs"),
    }
}

fn main() {
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(41)
        .max(2);
    let issuer = Issuer::ephemeral();
    let base = "https://hub.example.org";
    let c = certificate();
    let standing = status::Standing {
        place: status::Place { list: 1, index: 94_567 },
        revoked: None,
    };
    println!("median of {} rounds\n", rounds - 1);

    let json = time(rounds, || {
        serde_json::to_string(&badge::credential(&c, &standing, base)).unwrap()
    });
    row("credential as JSON (baseline)", json, None);
    let signed = time(rounds, || issuer.sign(&badge::credential(&c, &standing, base), base));
    row(
        "credential signed (JSON + Ed25519 JWS)",
        signed,
        Some(("the JSON", json)),
    );
    let jws = issuer.sign(&badge::credential(&c, &standing, base), base);
    let verified = time(rounds, || issuer.verify(&jws).unwrap());
    row("credential verified", verified, Some(("the JSON", json)));

    let revoked: Vec<i64> = (0..1000).map(|i| i * 131).collect();
    let list = time(rounds, || {
        let encoded = status::encode(&revoked);
        issuer.sign(&badge::status_list(base, 1, encoded, "2026-12-07T00:00:00Z"), base)
    });
    row(
        "status list, 1,000 revoked, signed",
        list,
        Some(("a credential signed", signed)),
    );

    let pdf = time(rounds, || {
        printed::pdf(&c, "https://hub.example.org/certificates/K7QM-2XPA-9TRD").unwrap()
    });
    row("certificate PDF", pdf, Some(("a credential signed", signed)));

    for lines in [10, 500] {
        let t = transcript_of(lines);
        let csv = time(rounds, || transcript::csv(&t));
        row(&format!("transcript CSV, {lines} lines (baseline)"), csv, None);
        let pdf = time(rounds.clamp(2, 11), || transcript::pdf(&t).unwrap());
        let bytes = transcript::pdf(&t).unwrap().len();
        row(
            &format!("transcript PDF, {lines} lines ({} KB)", bytes / 1024),
            pdf,
            Some(("its CSV", csv)),
        );
    }
}
