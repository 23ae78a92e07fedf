//! Peak memory of a workstation session on the 100,000-debtor book: start,
//! 5,000 queue moves, a jump to the end, 100 search keystrokes, a note.
//! `cargo bench --bench memory`; prints VmHWM (peak resident set).

mod support;

use std::time::Instant;

use crossterm::event::KeyCode;
use support::{book, draw, open_app, press, sized, terminal};

fn status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

fn main() {
    // `cargo bench` passes --bench; anything else (cargo test) skips the run.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let path = book(100_000);
    println!("before opening: VmHWM {}", status("VmHWM:"));
    let started = Instant::now();
    let mut app = sized(open_app(&path, "alice"));
    let mut t = terminal();
    draw(&mut t, &mut app);
    println!("first frame in {:?}", started.elapsed());
    for _ in 0..5_000 {
        press(&mut app, KeyCode::Char('j'));
        draw(&mut t, &mut app);
    }
    press(&mut app, KeyCode::Char('G'));
    draw(&mut t, &mut app);
    press(&mut app, KeyCode::Char('/'));
    for i in 0..100 {
        let c = "northwind".chars().nth(i % 9).unwrap();
        if i % 9 == 0 {
            for _ in 0..9 {
                press(&mut app, KeyCode::Backspace);
            }
        }
        press(&mut app, KeyCode::Char(c));
        draw(&mut t, &mut app);
    }
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('n'));
    for c in "Spoke to AP, payment run Friday".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    draw(&mut t, &mut app);
    println!(
        "queue position {} of {}",
        app.model.desk.queue.selected + 1,
        app.model.desk.queue.total
    );
    println!("peak resident memory (VmHWM): {}", status("VmHWM:"));
}
