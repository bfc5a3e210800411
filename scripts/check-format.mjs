#!/usr/bin/env node
// check-format.mjs - the directives of every html() format (src/html/html.h): the
// writer knows %s %U %d %u %ld %lld %zu %f %.0f to %.3f and %%, and nothing else (a
// width, a flag, %x or %c would be written out as an error at run time). Called by
// scripts/check-format.sh, which also has the compiler check each format's arguments.
// Usage: scripts/check-format.mjs FILE.c ...   (prints FILE:LINE: reason; exits 1 on any)
import fs from 'node:fs';

const allowed = /^%(%|s|U|d|u|ld|lld|zu|f|\.[0-3]f)/;
let fail = 0;
for (const file of process.argv.slice(2)) {
    const text = fs.readFileSync(file, 'utf8');
    // Find each call html( ... ): not html_raw(, html_text(, ...; not a declaration.
    const re = /(?<![\w.>])html\s*\(/g;
    let m;
    while ((m = re.exec(text))) {
        let i = m.index + m[0].length;
        const line = text.slice(0, m.index).split('\n').length;
        // Skip the first argument (the writer) up to its top-level comma.
        let depth = 0;
        for (; i < text.length; i++) {
            const c = text[i];
            if (c === '(') depth++;
            else if (c === ')') { if (depth-- === 0) break; }
            else if (c === ',' && depth === 0) break;
        }
        if (text[i] !== ',') continue; // the macro itself, or a call without a format
        i++;
        // The format: adjacent string literals (with spaces, newlines and comments).
        let fmt = '', any = false;
        for (;;) {
            const rest = text.slice(i);
            const ws = /^(\s|\\\n|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)*/.exec(rest)[0];
            i += ws.length;
            if (text[i] !== '"') break;
            let j = i + 1;
            while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
            fmt += text.slice(i + 1, j);
            any = true;
            i = j + 1;
        }
        if (!any) {
            console.error(`${file}:${line}: html() needs a string literal as its format`);
            fail = 1;
            continue;
        }
        for (let k = 0; k < fmt.length; k++) {
            if (fmt[k] !== '%') continue;
            const d = allowed.exec(fmt.slice(k));
            if (!d) {
                console.error(`${file}:${line}: html() format has ${JSON.stringify(fmt.slice(k, k + 4))}; it knows %s %U %d %u %ld %lld %zu %f %.0f-%.3f %%`);
                fail = 1;
                break;
            }
            k += d[0].length - 1;
        }
    }
}
process.exit(fail);
