//! `recoup letters list|render|send`: the templates, one letter as text or
//! PDF, and a lead's bulk send to a filter of debtors.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use super::args::LettersAction;
use super::{Context, Failure};
use crate::app::write::WriteOutput;
use crate::domain::letters::filter::LetterFilter;
use crate::domain::text::quote;
use crate::letters::bulk::{Plan, Summary, run};
use crate::letters::{place, templates, writer};

pub fn run_action(ctx: &Context, action: LettersAction) -> Result<(), Failure> {
    match action {
        LettersAction::List => list(),
        LettersAction::Render { template, debtor_ref, pdf } => {
            render(ctx, &template, &debtor_ref, pdf.as_deref())
        }
        LettersAction::Send { template, filter, dry_run, pdf_dir, pdf, again } => {
            let filter = LetterFilter::parse(&filter).map_err(Failure::BadInput)?;
            let dir = pdf_dir.unwrap_or_else(|| place::get().pdf_dir.clone());
            let prefer = if pdf { WriteOutput::Pdf } else { WriteOutput::Email };
            let plan = Plan { template: &template, prefer, pdf_dir: &dir, again, dry_run };
            send(ctx, &filter, &plan)
        }
    }
}

fn list() -> Result<(), Failure> {
    for (name, parsed) in templates::load(place::get().templates.as_deref()) {
        match parsed {
            Ok(t) => println!("{name:<24} {:<7} {}", t.channel.as_str(), t.title),
            Err(e) => println!("{name:<24} {:<7} cannot be used: {e}", "-"),
        }
    }
    Ok(())
}

fn render(
    ctx: &Context,
    template: &str,
    debtor_ref: &str,
    pdf: Option<&Path>,
) -> Result<(), Failure> {
    let template = writer::template(template).map_err(Failure::BadInput)?;
    let store = ctx.open_existing_store()?;
    let me = ctx.agent(&store)?;
    let debtor_id = store.debtor_id_by_ref(debtor_ref)?.ok_or_else(|| {
        Failure::BadInput(format!("there is no debtor with the reference {}", quote(debtor_ref)))
    })?;
    let letter = writer::render(&store, &me, debtor_id, &template, ctx.clock.now_utc())
        .map_err(|e| Failure::BadInput(e.to_string()))?;
    match pdf {
        None => print!("{}", letter.text),
        Some(path) => {
            let paper = store.book_rules()?.paper;
            let bytes = crate::pdf::letter_pdf(&letter.rendered, paper)
                .map_err(|e| Failure::Runtime(e.to_string()))?;
            std::fs::write(path, bytes)
                .map_err(|e| Failure::Runtime(format!("cannot write {}: {e}", path.display())))?;
            println!("{} for {debtor_ref} written to {}", letter.rendered.title, path.display());
        }
    }
    Ok(())
}

fn send(ctx: &Context, filter: &LetterFilter, plan: &Plan<'_>) -> Result<(), Failure> {
    writer::template(plan.template).map_err(Failure::BadInput)?;
    let store = ctx.open_existing_store()?;
    let me = ctx.lead(&store, "send letters to many debtors")?;
    let now = ctx.clock.now_utc();
    let mut ids = Vec::new();
    let mut after = 0;
    loop {
        let page = store.letter_targets(filter, after, 10_000)?;
        let Some(last) = page.last() else { break };
        after = *last;
        ids.extend(page);
    }
    let bar = bar(ids.len(), plan.dry_run);
    let summary = run(&store, &me, ids.into_iter(), plan, now, |s: &Summary| {
        bar.set_position(s.done() as u64);
    });
    bar.finish_and_clear();
    if let Some(why) = &summary.stopped {
        // The template or the book stopped the run: one sentence.
        return Err(Failure::BadInput(format!("{why}; nothing more was sent")));
    }
    for (id, why) in summary.failed.iter().take(20) {
        eprintln!("recoup: debtor {id}: {why}");
    }
    let dir = if summary.printed > 0 {
        format!("; PDFs in {}", plan.pdf_dir.display())
    } else {
        String::new()
    };
    println!("{}{}{dir}", if plan.dry_run { "Dry run: " } else { "" }, summary.sentence());
    Ok(())
}

fn bar(len: usize, dry: bool) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    let what = if dry { "Checking" } else { "Writing" };
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{what} [{{bar:30}}] {{pos}}/{{len}} debtors, {{eta}} left"
    )) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
