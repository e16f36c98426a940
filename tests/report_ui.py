#!/usr/bin/python3
"""report.html driven as a reviewer would, in headless Chromium through
Selenium (Debian chromium-driver, python3-selenium): type in the search box,
filter by status and by code, sort a column, open a row.  Asserts what the
page shows.  Usage: report_ui.py OUTDIR/report.html"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def visible_rows(d):
    return [r for r in d.find_elements(By.CSS_SELECTOR, "tr.doc") if r.is_displayed()]


def main():
    report = os.path.abspath(sys.argv[1])
    opts = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        opts.add_argument(a)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        d.get("file://" + report)
        total = len(visible_rows(d))
        check(total >= 10, "fewer than 10 documents shown at first: %d" % total)
        check(d.find_element(By.ID, "shown").text == str(total), "the shown count is not the row count")
        check("eucheck 0.1" in d.find_element(By.ID, "about").text, "the report does not say which eucheck made it")

        # search: a file name narrows the table and the counts follow
        box = d.find_element(By.ID, "search")
        box.send_keys("letter-unsigned")
        rows = visible_rows(d)
        check(0 < len(rows) < total, "search for a file name shows %d of %d rows" % (len(rows), total))
        check(all("letter-unsigned" in r.find_elements(By.TAG_NAME, "td")[0].text for r in rows),
              "search shows a row without the searched name")
        check(d.find_element(By.ID, "shown").text == str(len(rows)), "shown count does not follow the search")
        # an end user's name is searchable too
        box.clear()
        box.send_keys("hanbit")
        check(len(visible_rows(d)) >= 1, "searching an end user's name finds nothing")
        box.clear()
        box.send_keys(" ")  # clear() fires no input event: type, then erase
        box.send_keys("\b")
        check(len(visible_rows(d)) == total, "clearing the search does not bring all rows back")

        # status filter
        d.find_element(By.CSS_SELECTOR, "#fstatus option[value='']").click()
        for o in d.find_elements(By.CSS_SELECTOR, "#fstatus option"):
            if o.text == "incomplete":
                o.click()
        rows = visible_rows(d)
        check(rows and all(r.get_attribute("data-status") == "incomplete" for r in rows),
              "the status filter shows other statuses")
        check(d.find_element(By.ID, "n-complete").text == "0", "the complete count does not follow the filter")
        d.find_element(By.CSS_SELECTOR, "#fstatus option[value='']").click()

        # code filter: SIGNATURE_MISSING rows only
        for o in d.find_elements(By.CSS_SELECTOR, "#fcode option"):
            if o.text == "SIGNATURE_MISSING":
                o.click()
        rows = visible_rows(d)
        check(rows and all("SIGNATURE_MISSING" in r.get_attribute("data-codes") for r in rows),
              "the code filter shows rows without that code")
        d.find_element(By.CSS_SELECTOR, "#fcode option[value='']").click()

        # sort by Blocking, descending: the first row has the most
        th = [h for h in d.find_elements(By.CSS_SELECTOR, "#docs th") if h.text.startswith("Blocking")][0]
        th.click()
        th.click()
        check(th.get_attribute("aria-sort") == "descending", "a second click does not sort descending")
        counts = [int(r.find_elements(By.TAG_NAME, "td")[2].text) for r in visible_rows(d)]
        check(counts == sorted(counts, reverse=True), "Blocking is not sorted: %s" % counts)
        fth = [h for h in d.find_elements(By.CSS_SELECTOR, "#docs th") if h.text.startswith("File")][0]
        fth.click()
        names = [r.find_elements(By.TAG_NAME, "td")[0].text for r in visible_rows(d)]
        check(names == sorted(names, key=str.lower) or names == sorted(names),
              "File is not sorted ascending")

        # open a row: its findings and remedies appear under it
        box = d.find_element(By.ID, "search")
        box.send_keys("letter-unsigned.txt")
        row = visible_rows(d)[0]
        detail = row.find_element(By.XPATH, "following-sibling::tr[1]")
        check(not detail.is_displayed(), "a row's findings show before it is opened")
        row.click()
        check(detail.is_displayed(), "clicking a row does not open its findings")
        text = detail.text
        check("SIGNATURE_MISSING" in text and "Remedy:" in text, "the opened row lacks its finding and remedy")
        links = row.find_elements(By.CSS_SELECTOR, "td.links a")
        check(any(a.text == "source" for a in links) and any(a.text == "XML" for a in links),
              "the row has no links to its source and its XML")
        src = [a for a in links if a.text == "source"][0].get_attribute("href")
        check(src.startswith("file://") and os.path.exists(src[len("file://"):].replace("%20", " ")),
              "the source link does not reach the file: %s" % src)
        check(not detail.find_elements(By.CSS_SELECTOR, "img.thumb"),
              "a text file's finding shows a page image")

        # a PDF's findings show the page region, decoded by the browser
        box.clear()
        box.send_keys("letter-unsigned.scan.pdf")
        row = visible_rows(d)[0]
        detail = row.find_element(By.XPATH, "following-sibling::tr[1]")
        row.click()
        imgs = [i for i in detail.find_elements(By.CSS_SELECTOR, "img.thumb") if i.is_displayed()]
        check(len(imgs) >= 1, "an opened scanned PDF shows no page image")
        for i in imgs:
            w = d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", i)
            check(isinstance(w, int) and w >= 100, "a page image did not decode (width %r)" % w)
            check(i.get_attribute("alt").startswith("page 1, where it was"),
                  "a page image does not say which page: %r" % i.get_attribute("alt"))
        shot = os.environ.get("REPORT_UI_SHOT")
        if shot:
            d.set_window_size(1200, 900)
            d.execute_script("arguments[0].scrollIntoView()", row)
            d.save_screenshot(shot)
    finally:
        d.quit()
    for f in failures:
        print("report_ui: " + f)
    if not failures:
        print("report_ui: search, filters, counts, sorting, an opened row and its links work")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
