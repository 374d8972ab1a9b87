//! Building and rendering the annual report for a municipality of 1 000 units with a year of
//! ledger (1 000 000 facts) and a steering model of 10 000 goals (50 000 indicators,
//! 1 000 000 observations).
#![allow(
    clippy::arithmetic_side_effects,
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::doc_markdown
)]

mod support;

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use styrmodell::report::render::{self, RenderOptions};
use styrmodell::report::{CommentRule, Narratives, ReportInputs, ReportRequest};
use styrmodell::steering::SteeringModel;
use styrmodell::{ReportKind, ReportingCalendar, Year};

fn report(c: &mut Criterion) {
    let org = support::organisation();
    let ledger = support::ledger_of(&org, 1_000_000);
    let model = SteeringModel::new(org.clone(), support::steering_parts(&org)).unwrap();
    let calendar = ReportingCalendar::typical(Year::new(2022).unwrap());
    let narratives = Narratives::default();
    let inputs = ReportInputs {
        ledger: &ledger,
        model: &model,
        projects: &[],
        calendar: &calendar,
        narratives: &narratives,
        comparison: None,
        planning: None,
        statutory: None,
    };
    let request = ReportRequest::new(ReportKind::Annual, "2022-12".parse().unwrap());
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("annual_build", |b| {
        b.iter(|| request.build(black_box(&inputs)).unwrap());
    });
    let built = request.build(&inputs).unwrap();
    let options = RenderOptions::default();
    group.bench_function("annual_render_html", |b| {
        b.iter(|| render::html(black_box(&built), &options));
    });
    group.bench_function("annual_render_markdown", |b| {
        b.iter(|| render::markdown(black_box(&built), &options));
    });
    group.bench_function("annual_build_and_render_html", |b| {
        b.iter(|| render::html(&request.build(black_box(&inputs)).unwrap(), &options));
    });
    // Every rule on, no comment written: each unit off budget, goal not fulfilled and red
    // indicator is a missing comment. Beside `annual_build`, the difference is the rules' cost.
    let demanding = Narratives {
        comments: Vec::new(),
        rules: vec![
            CommentRule::Deviation {
                percent: styrmodell::Decimal::ONE,
                amount: styrmodell::Amount::ZERO,
            },
            CommentRule::GoalNotFulfilled,
            CommentRule::RedIndicator,
        ],
    };
    let inputs = ReportInputs {
        narratives: &demanding,
        comparison: None,
        ..inputs
    };
    let missing = request.build(&inputs).unwrap().missing_comments.len();
    eprintln!("annual_build_with_comment_rules: {missing} missing comments");
    assert!(missing > 1_000, "the rules find many comments missing");
    group.bench_function("annual_build_with_comment_rules", |b| {
        b.iter(|| request.build(black_box(&inputs)).unwrap());
    });
    group.finish();
}

criterion_group!(benches, report);
criterion_main!(benches);
