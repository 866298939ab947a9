namespace Moderation.Server.Api.Desk;

/// <summary>The desk's script and style sheet, served by the service itself: no CDN, nothing inline.</summary>
internal static class DeskAssets
{
    // j/k move between comments, a/r/s/n press the focused comment's button, x selects it for a bulk action, u
    // presses Undo, / goes to the text filter, ? shows the keys. Keys typed into a field are the field's.
    public const string Script = """
        "use strict";
        document.addEventListener("DOMContentLoaded", () => {
          const items = () => Array.from(document.querySelectorAll("article.comment"));
          let index = 0;
          const focus = (i) => {
            const all = items();
            if (all.length === 0) return;
            index = Math.max(0, Math.min(all.length - 1, i));
            all.forEach((el, n) => el.classList.toggle("current", n === index));
            all[index].focus();
          };
          focus(0);
          const help = document.getElementById("help");
          document.addEventListener("keydown", (e) => {
            if (e.ctrlKey || e.metaKey || e.altKey || e.target.matches("input, textarea, select")) return;
            if (e.key === "Escape" && help && !help.hidden) { help.hidden = true; return; }
            if (e.key === "?") { if (help) help.hidden = !help.hidden; return; }
            if (e.key === "j") { focus(index + 1); e.preventDefault(); return; }
            if (e.key === "k") { focus(index - 1); e.preventDefault(); return; }
            if (e.key === "/") { document.getElementById("f-text")?.focus(); e.preventDefault(); return; }
            if (e.key === "u") { const undo = document.querySelector("form.undo button"); if (undo) { e.preventDefault(); undo.click(); } return; }
            if (e.key === "x") { const box = items()[index]?.querySelector("input[name=ids]"); if (box) box.checked = !box.checked; return; }
            const button = items()[index]?.querySelector(`button[data-key="${e.key}"]`);
            if (button) { e.preventDefault(); button.click(); }
          });
          document.getElementById("help-close")?.addEventListener("click", () => { help.hidden = true; });

          // Live: a comment a colleague claimed or decided leaves the page, entering comments top the work up,
          // and the header's counts follow. Events carry ids and status names only.
          const main = document.querySelector("main[data-live]");
          if (!main || !window.EventSource) return;
          const query = (path) => `/desk/${path}?site=${encodeURIComponent(main.dataset.site)}`;
          // One top-up at a time; comments that enter meanwhile get another one after it.
          let filling = false, again = false;
          const topUp = async () => {
            if (main.dataset.work !== "1") return;
            if (filling) { again = true; return; }
            filling = true;
            try {
              do {
                again = false;
                const answer = await fetch(`${query("more")}&status=${main.dataset.status}&have=${items().length}`, { credentials: "same-origin" });
                if (!answer.ok) break;
                const had = items().length;
                const fresh = document.createElement("template");
                fresh.innerHTML = await answer.text();
                for (const item of fresh.content.querySelectorAll("article.comment")) {
                  if (!document.querySelector(`article.comment[data-comment-id="${CSS.escape(item.dataset.commentId)}"]`)) main.append(item);
                }
                if (had === 0) focus(0);
              } while (again);
            } finally { filling = false; }
          };
          let counting = null;
          const recount = () => {
            if (counting) return;
            counting = setTimeout(async () => {
              counting = null;
              const answer = await fetch(query("counts"), { credentials: "same-origin" });
              if (!answer.ok) return;
              const counts = await answer.json();
              for (const name of ["pending", "spam", "approved"]) {
                const el = document.querySelector(`.queue-count[data-queue="${name}"]`);
                if (el) el.textContent = counts[name];
              }
              const stats = document.querySelector("p.stats");
              if (stats) stats.textContent = counts.stats;
            }, 500);
          };
          const live = new EventSource(main.dataset.live);
          // "ready" comes once the service follows the queue for this page; events after it are not missed.
          live.addEventListener("ready", () => { main.dataset.liveState = "open"; topUp(); recount(); });
          live.addEventListener("error", () => { main.dataset.liveState = "reconnecting"; });
          live.addEventListener("queue", (message) => {
            const e = JSON.parse(message.data);
            if (!e.mine && (e.event === "claimed" || e.event === "decided" || e.event === "erased")) {
              const gone = document.querySelector(`article.comment[data-comment-id="${CSS.escape(e.id)}"]`);
              if (gone) { const was = items().indexOf(gone); gone.remove(); if (was <= index) focus(index - (was < index ? 1 : 0)); }
            }
            if (e.event === "entered" || e.event === "released") topUp();
            recount();
          });
        });
        """;

    public const string Style = """
        body { font: 16px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1b1b1b; }
        header nav a { margin-right: .75rem; } a[aria-current="page"] { font-weight: bold; }
        article.comment { border: 1px solid #bbb; border-radius: 6px; padding: .75rem 1rem; margin: 1rem 0; }
        article.comment.current { border-color: #0b57d0; box-shadow: 0 0 0 2px #0b57d0; }
        .content { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; background: #f6f6f6; padding: .5rem; }
        dl.author { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .75rem; margin: .25rem 0; }
        dl.author dt { color: #555; } dl.author dd { margin: 0; overflow-wrap: anywhere; }
        table.reasons { border-collapse: collapse; width: 100%; margin: .5rem 0; table-layout: fixed; } table.reasons td { overflow-wrap: anywhere; }
        table.reasons th:nth-child(1) { width: 30%; } table.reasons th:nth-child(2) { width: 4.5rem; } table.reasons td, table.reasons th { border-top: 1px solid #ddd; padding: .2rem .4rem; text-align: left; }
        form.decide, form.filter, form.bulk { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
        form.filter .field { display: inline-flex; gap: .35rem; align-items: center; } form.filter input { width: 9rem; }
        button { padding: .35rem .8rem; } :focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
        .bidi { color: #a00; font-weight: bold; } .held { color: #7a4b00; font-style: italic; margin: 0; } .error { color: #a00; } .keys { color: #555; font-size: .9rem; }
        form.author-actions { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; font-size: .9rem; color: #555; }
        form.undo, .done { background: #eef5ea; border: 1px solid #9c9; padding: .4rem .75rem; border-radius: 4px; }
        .help { position: fixed; top: 10%; left: 50%; transform: translateX(-50%); background: #fff; border: 2px solid #0b57d0; border-radius: 8px; padding: 1rem 1.5rem; box-shadow: 0 4px 24px #0004; z-index: 10; }
        .help[hidden] { display: none; } .help th { text-align: left; padding-right: 1rem; }
        table.report { border-collapse: collapse; margin: 1rem 0; } table.report td, table.report th { border: 1px solid #ddd; padding: .2rem .5rem; }
        main.sign-in form { display: grid; gap: .5rem; max-width: 24rem; }
        @media (max-width: 40rem) {
          dl.author { grid-template-columns: 1fr; }
          table.reasons, table.reasons tbody { display: block; } table.reasons thead { display: none; }
          table.reasons tr { display: grid; grid-template-columns: 1fr auto; border-top: 1px solid #ddd; padding: .2rem 0; }
          table.reasons td { border: 0; } table.reasons td:nth-child(n+3) { grid-column: 1 / -1; }
        }
        """;
}
