#!/usr/bin/env python3
"""Open a Nadir report (index.html) in headless Chromium, fail on any console error or network
request, and save a PNG screenshot of each plot (every <figure class="plot">, by its id),
checking that none is blank.

    scripts/report-screenshots.py OUT/index.html [--out DIR] [--min-colours 24] [--extra] [--pdf FILE]

Needs Debian `chromium` + `chromium-driver` and `pip install selenium` (scripts/install-deps.sh
--test installs them). PIL is used for the blankness check when installed; otherwise the PNG
size is used. A sample report to try it on:

    NADIR_REPORT_SAMPLE_DIR=/tmp/nadir-sample swift test --filter writesSampleReport
    scripts/report-screenshots.py /tmp/nadir-sample/index.html --out /tmp/nadir-sample/png

Exit status: 0 when every check passed, 1 otherwise (each failure printed), 2 on set-up errors.
"""
import argparse
import json
import os
import shutil
import sys
from pathlib import Path


def fail_setup(message):
    print(f"report-screenshots: {message}", file=sys.stderr)
    sys.exit(2)


def start_browser(width, scale):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        fail_setup("selenium is not installed; run: python3 -m pip install selenium")
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
    if not binary or not os.path.exists(driver_path):
        fail_setup("headless Chromium not found; run: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", f"--window-size={width},1200", f"--force-device-scale-factor={scale}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(driver_path), options=options)


def distinct_colours(png_path):
    """Distinct RGB colours and the fraction of non-white pixels, or None without PIL."""
    try:
        from PIL import Image
    except ImportError:
        return None
    with Image.open(png_path) as image:
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        total = rgb.width * rgb.height
        white = sum(count for count, colour in colours if min(colour) >= 250)
        return len(colours), (total - white) / max(1, total)


def check_not_blank(png_path, min_colours, min_bytes):
    stats = distinct_colours(png_path)
    if stats is None:
        size = png_path.stat().st_size
        return (size >= min_bytes, f"{size} bytes (PIL not installed; need ≥{min_bytes})")
    count, ink = stats
    ok = count >= min_colours and ink >= 0.01
    return ok, f"{count} colours, {ink:.1%} non-white (need ≥{min_colours} colours, ≥1% ink)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path, help="the report's index.html")
    parser.add_argument("--out", type=Path, help="directory for the PNGs (default: <report dir>/screenshots)")
    parser.add_argument("--min-colours", type=int, default=24, help="distinct colours a plot needs to count as non-blank")
    parser.add_argument("--min-bytes", type=int, default=4000, help="PNG size a plot needs without PIL")
    parser.add_argument("--width", type=int, default=1100, help="browser window width in CSS pixels")
    parser.add_argument("--scale", type=float, default=1.0, help="device scale factor (2 for sharper PNGs)")
    parser.add_argument("--pdf", type=Path, help="also print the report to this PDF (A4, backgrounds on)")
    parser.add_argument("--extra", action="store_true",
                        help="also capture the endpoint tables and the first patient page")
    args = parser.parse_args()

    index = args.index.resolve()
    if not index.is_file():
        fail_setup(f"{index} does not exist; generate a report first")
    out = (args.out or index.parent / "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)

    from selenium.webdriver.common.by import By

    failures = []
    driver = start_browser(args.width, args.scale)
    try:
        driver.get(index.as_uri())
        driver.execute_script("return document.fonts ? document.fonts.ready : true")

        for entry in driver.get_log("browser"):
            if entry.get("level") in ("SEVERE", "ERROR"):
                failures.append(f"console error: {entry.get('message')}")
            elif entry.get("level") == "WARNING":
                print(f"console warning: {entry.get('message')}")

        # A self-contained report loads nothing but itself (and data: URIs).
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                url = message["params"]["request"]["url"]
                if not (url.startswith("file:") or url.startswith("data:")):
                    failures.append(f"network request: {url}")

        if driver.find_elements(By.TAG_NAME, "script"):
            failures.append("the report contains <script> elements")

        figures = driver.find_elements(By.CSS_SELECTOR, "figure.plot[id]")
        if not figures:
            failures.append("no <figure class=\"plot\"> found")
        # The chart itself (the <svg>), not the figure: a caption alone must not pass as content.
        targets = []
        for figure in figures:
            charts = figure.find_elements(By.TAG_NAME, "svg")
            if charts:
                targets.append((figure.get_attribute("id"), charts[0]))
            else:
                failures.append(f"{figure.get_attribute('id')}: figure has no <svg>")
        if args.extra:
            for css, name in (("#endpoints", "endpoints"), ("article.patient-page", "patient-page")):
                found = driver.find_elements(By.CSS_SELECTOR, css)
                if found:
                    targets.append((name, found[0]))

        for name, element in targets:
            driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)
            size = element.size
            if size["width"] < 50 or size["height"] < 50:
                failures.append(f"{name}: element is {size['width']}×{size['height']} px")
                continue
            path = out / f"{name}.png"
            if not element.screenshot(str(path)):
                failures.append(f"{name}: screenshot failed")
                continue
            ok, detail = check_not_blank(path, args.min_colours, args.min_bytes)
            print(f"{'ok  ' if ok else 'FAIL'} {path}  ({detail})")
            if not ok:
                failures.append(f"{name}: looks blank: {detail}")
        if args.pdf:
            import base64
            pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
            args.pdf.parent.mkdir(parents=True, exist_ok=True)
            args.pdf.write_bytes(base64.b64decode(pdf["data"]))
            print(f"ok   {args.pdf}")
    finally:
        driver.quit()

    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
