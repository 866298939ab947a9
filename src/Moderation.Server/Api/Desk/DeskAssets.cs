namespace Moderation.Server.Api.Desk;

/// <summary>The desk's script and style sheet, served by the service itself: no CDN, nothing inline.</summary>
internal static class DeskAssets
{
    // j/k move between comments, a/r/s/n press the focused comment's button, x selects it for a bulk action, /
    // goes to the text filter, ? shows the keys. Keys typed into a field are the field's.
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
          document.addEventListener("keydown", (e) => {
            if (e.ctrlKey || e.metaKey || e.altKey || e.target.matches("input, textarea, select")) return;
            if (e.key === "j") { focus(index + 1); e.preventDefault(); return; }
            if (e.key === "k") { focus(index - 1); e.preventDefault(); return; }
            if (e.key === "?") { document.querySelector(".keys")?.classList.toggle("shown"); return; }
            if (e.key === "/") { document.getElementById("f-text")?.focus(); e.preventDefault(); return; }
            if (e.key === "x") { const box = items()[index]?.querySelector("input[name=ids]"); if (box) box.checked = !box.checked; return; }
            const button = items()[index]?.querySelector(`button[data-key="${e.key}"]`);
            if (button) { e.preventDefault(); button.click(); }
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
        table.reasons { border-collapse: collapse; width: 100%; margin: .5rem 0; } table.reasons td, table.reasons th { border-top: 1px solid #ddd; padding: .2rem .4rem; text-align: left; }
        form.decide, form.filter, form.bulk { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
        form.filter input { width: 9rem; }
        button { padding: .35rem .8rem; } :focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
        .error { color: #a00; } .keys { color: #555; font-size: .9rem; }
        main.sign-in form { display: grid; gap: .5rem; max-width: 24rem; }
        @media (max-width: 40rem) { dl.author { grid-template-columns: 1fr; } }
        """;
}
