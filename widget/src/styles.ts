// The widget's own stylesheet, inside its shadow root. The page's rules on the host element win over
// :host, so `all: initial` sits on the inner .root: nothing the page sets is inherited past it.
// Custom properties (--rejoinder-*) and ::part() are the theming surface.
export const STYLES = `
:host{display:block;contain:content;
--fg:var(--rejoinder-fg,#1b1b1b);--bg:var(--rejoinder-bg,#fff);--muted:var(--rejoinder-muted,#5c5c5c);
--line:var(--rejoinder-line,#d6d6d6);--accent:var(--rejoinder-accent,#0b57d0);--accent-fg:var(--rejoinder-accent-fg,#fff);
--danger:var(--rejoinder-danger,#b3261e);--mark:var(--rejoinder-highlight,#fff4c2);
--radius:var(--rejoinder-radius,6px);--indent:var(--rejoinder-indent,1rem);
color-scheme:light dark}
@media (prefers-color-scheme:dark){:host{
--fg:var(--rejoinder-fg,#e8e8e8);--bg:var(--rejoinder-bg,#161616);--muted:var(--rejoinder-muted,#adadad);
--line:var(--rejoinder-line,#3a3a3a);--accent:var(--rejoinder-accent,#8ab4f8);--accent-fg:var(--rejoinder-accent-fg,#0b0b0b);
--danger:var(--rejoinder-danger,#f2b8b5);--mark:var(--rejoinder-highlight,#3d3410)}}
*{box-sizing:border-box}
[hidden]{display:none!important}
.root{all:initial;display:block;min-height:12rem;color:var(--fg);background:var(--bg);
font:var(--rejoinder-font-size,16px)/1.5 var(--rejoinder-font,system-ui,-apple-system,"Segoe UI",sans-serif)}
.bar{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:baseline;justify-content:space-between;border-top:1px solid var(--line);padding-top:.75rem}
h2{font-size:1.3em;margin:0}
.sort{font-size:.9em;color:var(--muted)}
.filters{flex:1;justify-content:flex-end}
.featured{border:1px solid var(--accent);border-radius:var(--radius);padding:.25rem .75rem .5rem;margin:.75rem 0}
.featured h3{font-size:1em;margin:.25rem 0}
.featured li+li{border-top:1px solid var(--line);margin-top:.5rem;padding-top:.25rem}
.bell{display:inline-flex;gap:.3rem;align-items:center}
.count:not(:empty){background:var(--danger);color:var(--bg);border-radius:999px;padding:0 .4rem;font-size:.8em;font-weight:700}
button.link{border:0;padding:0;min-height:0;color:var(--accent);text-decoration:underline}
.foot{font-size:.9em;margin:.5rem 0}
select,input,textarea{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--muted);border-radius:var(--radius);padding:.35rem .5rem;max-width:100%}
textarea{width:100%;resize:vertical;min-height:4.5rem}
input:not([type=checkbox],[type=radio]){width:min(100%,24rem)}
button{font:inherit;font-size:.875em;color:var(--fg);background:transparent;border:1px solid var(--line);border-radius:var(--radius);padding:.3rem .7rem;cursor:pointer;min-height:2rem}
button:hover{border-color:var(--muted)}
button.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-fg)}
button.danger{border-color:var(--danger);color:var(--danger)}
button[aria-pressed=true]{border-color:var(--accent);color:var(--accent);font-weight:600}
button:disabled{opacity:.6;cursor:progress}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.who{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline;margin-top:.5rem}
.who>p{margin:0}
.account{flex:1}
.form{display:grid;gap:.5rem;margin:.75rem 0}
.field{display:grid;gap:.2rem;font-size:.9em}
fieldset{border:1px solid var(--line);border-radius:var(--radius);margin:0;padding:.5rem .75rem;display:grid;gap:.25rem;font-size:.9em}
.choice{display:flex;gap:.4rem;align-items:baseline}
.buttons,.actions{display:flex;flex-wrap:wrap;gap:.4rem}
.preview{border:1px dashed var(--line);border-radius:var(--radius);padding:0 .75rem}
.error{color:var(--danger);margin:0}
.error:empty{display:none}
.notice,.note{background:var(--mark);border-radius:var(--radius);padding:.4rem .6rem;margin:.4rem 0;font-size:.9em}
.muted,.meta{color:var(--muted)}
ul{list-style:none;margin:0;padding:0}
.thread{margin-top:.75rem}
.item{margin:.9rem 0 0}
article{border-radius:var(--radius);padding:.15rem .25rem;scroll-margin:4rem}
article.highlight{background:var(--mark);outline:2px solid var(--accent)}
.meta{display:flex;flex-wrap:wrap;gap:0 .6rem;font-size:.85em;align-items:baseline}
.author{font-weight:700;color:var(--fg);overflow-wrap:anywhere}
.time{color:inherit}
.badge{border:1px solid var(--muted);border-radius:999px;padding:0 .5rem}
.role{font-size:.85em;font-weight:600;border:1px solid var(--line);border-radius:999px;padding:0 .45rem}
.role.staff{background:var(--accent);border-color:var(--accent);color:var(--accent-fg)}
.role.verified{border:0;padding:0;color:var(--accent);font-weight:400}
.role.featured,.role.expert{border-color:var(--accent);color:var(--accent)}
.role.answered{border:0;padding:0;color:var(--accent)}
.body{overflow-wrap:anywhere}
:is(.body,.preview) p{margin:.3rem 0}
:is(.body,.preview) blockquote{margin:.4rem 0;padding-inline-start:.75rem;border-inline-start:3px solid var(--line);color:var(--muted)}
:is(.body,.preview) pre{overflow-x:auto}
:is(.body,.preview) :is(ul,ol){padding-inline-start:1.5rem;list-style:revert}
a{color:var(--accent)}
.replies:empty{display:none}
.replies{margin-inline-start:var(--indent);padding-inline-start:.6rem;border-inline-start:2px solid var(--line)}
.replies .replies .replies .replies{margin-inline-start:0;padding-inline-start:0;border-inline-start:0}
.more{margin:.5rem 0 0;margin-inline-start:var(--indent)}
.load{display:block;width:100%;margin:1rem 0;padding:.6rem}
.pill{position:sticky;top:.5rem;height:0;z-index:1}
button.fresh{position:absolute;left:50%;transform:translateX(-50%);white-space:nowrap;background:var(--accent);border-color:var(--accent);color:var(--accent-fg);border-radius:999px;box-shadow:0 1px 4px #0006}
article.new{border-inline-start:3px solid var(--accent);padding-inline-start:.5rem}
.confirm p{margin:.4rem 0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){:host{--indent:.5rem}.replies{padding-inline-start:.4rem}}
`;
