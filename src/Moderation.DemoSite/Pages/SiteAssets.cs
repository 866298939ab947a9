namespace Moderation.DemoSite.Pages;

/// <summary>The site's style sheet and its one script, served by the site: nothing inline, nothing from elsewhere.</summary>
internal static class SiteAssets
{
    // When the post's comments are not the version the page shows (a moderator approved one, say), fetch them as
    // this reader sees them and put them in place. Without script the page is complete; a reload shows the same.
    public const string Script = """
        "use strict";
        document.addEventListener("DOMContentLoaded", () => {
          const section = document.getElementById("comments");
          if (!section || !window.EventSource) return;
          const shown = () => Number(section.querySelector("[data-version]")?.dataset.version ?? -1);
          const refresh = async (e) => {
            if (Number(e.data) <= shown()) return;
            const answer = await fetch(section.dataset.list, { credentials: "same-origin" });
            if (!answer.ok) return;
            // Fetches can finish out of order: keep the newest.
            const fresh = document.createElement("template");
            fresh.innerHTML = await answer.text();
            if (Number(fresh.content.querySelector("[data-version]")?.dataset.version ?? -1) > shown()) section.replaceChildren(fresh.content);
          };
          // "ready" when the stream (re)opens, "changed" after a change: either way, catch up if behind.
          const live = new EventSource(section.dataset.live);
          live.addEventListener("ready", refresh);
          live.addEventListener("changed", refresh);
        });
        """;

    public const string Style = """
        body { margin: 0; font: 18px/1.6 Georgia, "Times New Roman", serif; color: #111; background: #fff; }
        .masthead { border-bottom: 4px double #111; padding: .75rem 1rem; display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
        .brand { font: 700 1.8rem/1 Georgia, serif; color: #111; text-decoration: none; } .tagline { color: #555; font-style: italic; }
        main { max-width: 42rem; margin: 0 auto; padding: 1rem; }
        .section { text-transform: uppercase; letter-spacing: .08em; color: #a3132b; font: 700 .8rem system-ui, sans-serif; margin: 1rem 0 0; }
        h1 { font-size: 2.1rem; line-height: 1.15; margin: .3rem 0 .6rem; } .standfirst { font-size: 1.2rem; color: #333; }
        .byline { font: .9rem system-ui, sans-serif; color: #555; }
        .comments, .comment-respond { border-top: 1px solid #ccc; margin-top: 2rem; font-family: system-ui, sans-serif; font-size: 1rem; }
        .comment-list { list-style: none; padding: 0; } .comment { border-bottom: 1px solid #eee; padding: .75rem 0; }
        .comment-meta { color: #555; font-size: .9rem; } .comment-meta .fn { color: #111; }
        .comment-content { overflow-wrap: anywhere; unicode-bidi: plaintext; }
        .comment-awaiting-moderation { font-style: italic; color: #7a4b00; margin: .25rem 0; }
        .comment-respond label { display: block; font-weight: 600; } .comment-form-cookies-consent label { display: inline; font-weight: normal; }
        .comment-respond input[type=text], .comment-respond input[type=email], .comment-respond input[type=url], .comment-respond textarea { width: 100%; box-sizing: border-box; font: inherit; padding: .4rem; border: 1px solid #888; border-radius: 3px; }
        .has-error input, .has-error textarea { border-color: #b00020; } .field-error { color: #b00020; display: block; margin-top: .2rem; }
        .form-error { border-left: 4px solid #b00020; background: #fdecee; padding: .5rem .75rem; }
        .required { color: #b00020; } button { font: inherit; padding: .5rem 1.2rem; background: #111; color: #fff; border: 0; border-radius: 3px; cursor: pointer; }
        :focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
        .hp { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
        """;
}
