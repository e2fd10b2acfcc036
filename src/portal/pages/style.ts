/**
 * The pages' one stylesheet, served from /pasient/style.css (a module, not a file, so the bundled
 * embedded portal carries it too). Mobile first; contrast at least 4.5:1 everywhere.
 */
export const STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1b1f24;background:#f6f7f9}
body{margin:0}
a{color:#0b5394}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,select:focus-visible{outline:3px solid #f0a30a;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
header{background:#0b3d62;color:#fff;padding:.5rem 0}
header a{color:#fff}
.top{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;max-width:52rem;margin:0 auto;padding:0 1rem}
.brand{font-weight:700;font-size:1.15rem;text-decoration:none}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:.25rem 0 0;padding:0}
nav a{display:inline-block;padding:.35rem 0}
nav a[aria-current=page]{font-weight:700;text-decoration:underline}
.tools{display:flex;gap:.75rem;align-items:center}
.tools form{margin:0}
.linkbutton{background:none;border:0;color:#fff;text-decoration:underline;font:inherit;cursor:pointer;padding:.35rem 0}
main{max-width:52rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.card{background:#fff;border:1px solid #d0d5dc;border-radius:.5rem;padding:1rem;margin:0 0 1rem}
.card h2{margin-top:0}
.muted{color:#4a525c}
.notice{border-left:4px solid #0b5394;background:#e8f1fa;padding:.75rem 1rem;margin:0 0 1rem}
.error{border-left:4px solid #b00020;background:#fdecee;padding:.75rem 1rem;margin:0 0 1rem}
.safety{border:3px solid #b00020;background:#fff;padding:1rem;margin:0 0 1rem;border-radius:.5rem}
.safety h2{color:#8a0019;margin-top:0}
.field{margin:0 0 1rem}
label,legend{display:block;font-weight:600;margin:0 0 .25rem}
.hint{display:block;font-weight:400;color:#4a525c;font-size:.95rem}
.field-error{display:block;color:#b00020;font-weight:600}
input[type=text],input[type=password],textarea{width:100%;font:inherit;padding:.5rem;border:1px solid #6b7480;border-radius:.25rem;background:#fff}
textarea{resize:vertical}
fieldset{border:1px solid #d0d5dc;border-radius:.5rem;margin:0 0 1rem;padding:.75rem 1rem;background:#fff}
fieldset.invalid{border-color:#b00020}
.options label{font-weight:400;display:flex;gap:.5rem;align-items:flex-start;padding:.3rem 0}
.options input{width:1.2rem;height:1.2rem;margin-top:.15rem;flex:none}
button,.button{font:inherit;font-weight:600;padding:.6rem 1.1rem;border-radius:.35rem;border:2px solid #0b5394;background:#0b5394;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#0b5394}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #d0d5dc;vertical-align:top}
.scroll{overflow-x:auto}
.thread{list-style:none;padding:0;margin:0}
.thread li{background:#fff;border:1px solid #d0d5dc;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 .75rem;white-space:pre-wrap;overflow-wrap:anywhere}
.thread li.mine{background:#eef5ec;margin-left:1.5rem}
.thread .meta{display:block;white-space:normal;font-size:.9rem;color:#4a525c;margin-bottom:.25rem}
.answer{white-space:pre-wrap;overflow-wrap:anywhere}
.badge{display:inline-block;background:#0b5394;color:#fff;border-radius:1rem;padding:0 .5rem;font-size:.85rem}
.module blockquote{margin:0 0 1rem;padding:.5rem 1rem;border-left:4px solid #8a6d00;background:#fff8e0}
footer{max-width:52rem;margin:2rem auto 0;padding:1rem;color:#4a525c;font-size:.95rem}
@media (max-width:40rem){table.stack thead{position:absolute;left:-999px}table.stack tr{display:block;border-bottom:2px solid #d0d5dc;padding:.4rem 0}table.stack td{display:block;border:0;padding:.1rem .5rem}table.stack td::before{content:attr(data-label) ": ";font-weight:600}}
@media (min-width:48rem){h1{font-size:2rem}}
`;
