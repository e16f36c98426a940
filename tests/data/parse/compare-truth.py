#!/usr/bin/env python3
# Field-by-field comparison of 'eucheck parse' output with the sample generator's
# NAME.truth.xml (strict: text equal after case/trailing '.'), for development:
#   python3 tests/data/parse/compare-truth.py /tmp/s/*.pdf   (run from the repo root;
#   uses ./build-parse/eucheck, or $EUCHECK_BIN)
import sys, subprocess, xml.etree.ElementTree as ET
def leaves(e, path, out):
    kids = list(e)
    idx = {}
    for k in kids:
        idx[k.tag] = idx.get(k.tag, 0) + 1
    cnt = {}
    for k in kids:
        cnt[k.tag] = cnt.get(k.tag, 0) + 1
        p = path + "/" + k.tag + (f"[{cnt[k.tag]}]" if idx[k.tag] > 1 or k.tag in ("item","party","destination","assurance") else "")
        for a in ("code","unit","currency","present","kind","permitted","declared-none"):
            if a in k.attrib: out[p+"/@"+a] = k.attrib[a]
        if len(k): leaves(k, p, out)
        elif k.tag != "source": out[p] = (k.text or "").strip()
    return out
tot=ok=0
for f in sys.argv[1:]:
    base = f.split('.')[0]
    truth = ET.parse(base + ".truth.xml").getroot()
    tc = truth.find(".//certificate")
    r = subprocess.run([__import__("os").environ.get("EUCHECK_BIN","./build-parse/eucheck"),"parse",f],capture_output=True,text=True)
    try: got = ET.fromstring(r.stdout)
    except Exception as e: print(f, "NO OUTPUT", r.stderr[:200]); continue
    t = leaves(tc, "", {}); g = leaves(got, "", {})
    bad = []
    for k,v in t.items():
        tot += 1
        gv = g.get(k)
        if gv is not None and gv.lower().strip(" .") == v.lower().strip(" ."): ok += 1
        else: bad.append((k, v, gv))
    extra = [k for k in g if k not in t and "assurance" not in k]
    print(f"== {f}: {len(t)-len(bad)}/{len(t)}")
    for b in bad: print("   MISS", b)
    for k in extra: print("   EXTRA", k, g[k])
print("total", ok, "/", tot)
