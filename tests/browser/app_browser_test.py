#!/usr/bin/env python3
"""Plays each role through the Kring app in Debian's headless Chromium, across three real nodes
(`kring app` processes) that sync over loopback. Run by ctest as app.BrowserRoles.

  Anna (coach, admin) unlocks on the page, writes a case with names, reviews the findings,
    saves the anonymised version, shares it and asks the group for feedback.
  Bram (coach) syncs from the page, reads the case, and answers the request with a review.
  Cleo (supervisor) syncs and opens the audit report.

Every page is saved as a screenshot under SCREENSHOTS, checked with axe-core (no serious or
critical violation) and must load without a browser console error (a Content Security Policy
violation counts). A missing browser is a failure, not a skip.

Waiting for what another node sends is a wait for the state, with a deadline; nothing depends
on how fast a sync loop runs.

Usage: app_browser_test.py KRING_BINARY AXE_MIN_JS SCREENSHOTS
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

KRING, AXE, SHOTS = sys.argv[1], sys.argv[2], sys.argv[3]
PASSPHRASE = "a long test passphrase"
DEADLINE = 60  # seconds for anything that waits on another node
failures = []
# A person's label in the anonymised text: the case is Dutch, so [PERSOON-1].
LABEL = re.compile(r"\[PERSO(?:O)?N-1\]")


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(home, with_passphrase=True):
    env = dict(os.environ, KRING_HOME=home, KRING_LANG="en", KRING_KDF_LIMITS="interactive")
    env.pop("KRING_PASSPHRASE", None)
    if with_passphrase:
        env["KRING_PASSPHRASE"] = PASSPHRASE
    return env


def kring(home, *args):
    run = subprocess.run([KRING, *args], env=env_for(home), capture_output=True, text=True,
                         timeout=120, stdin=subprocess.DEVNULL)
    if run.returncode != 0:
        raise RuntimeError(f"kring {' '.join(args)} failed: {run.stderr}")
    return run.stdout


class App:
    """A `kring app` process; the page is unlocked in the browser, not here."""

    def __init__(self, home, peer_port):
        self.home = home
        self.proc = subprocess.Popen(
            [KRING, "app", "--no-browser", "--listen", "127.0.0.1:0",
             "--peer-listen", f"127.0.0.1:{peer_port}", "--interval", "3600"],
            env=env_for(home, with_passphrase=False), stdout=subprocess.PIPE,
            stderr=open(home + ".app.log", "w"), text=True, stdin=subprocess.DEVNULL)
        line = self.proc.stdout.readline()
        match = re.match(r"Open (http://127\.0\.0\.1:\d+/\?token=\S+)", line)
        if not match:
            raise RuntimeError("kring app did not print its address: " + line)
        self.url = match.group(1)
        self.origin = self.url.split("/?")[0]

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def browser(download_dir):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--lang=en-GB"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": download_dir})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


AXE_SOURCE = open(AXE, encoding="utf-8").read()


def page_checks(driver, name):
    """Screenshot, accessibility and console of the page as it stands."""
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))
    driver.execute_script(AXE_SOURCE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e)}]));")
    bad = [f"{v['id']} ({v['impact']}): {v.get('help', '')}" for v in result
           if v.get("impact") in ("serious", "critical")]
    check(not bad, f"{name}: accessibility: {bad}")
    for entry in driver.get_log("browser"):
        # A refusal the page expects (a wrong passphrase: 401) is logged as a failed load;
        # script errors and Content Security Policy violations are what count.
        if entry["level"] == "SEVERE" and "Failed to load resource" not in entry["message"]:
            check(False, f"{name}: console: {entry['message']}")


def wait_for(driver, css, text=None, timeout=20):
    def found(d):
        try:
            for el in d.find_elements(By.CSS_SELECTOR, css):
                if text is None or text in el.text:
                    return el
        except StaleElementReferenceException:
            pass  # the page was drawn again meanwhile: look again
        return False
    try:
        return WebDriverWait(driver, timeout).until(found)
    except Exception:
        status = driver.find_elements(By.ID, "status")
        driver.save_screenshot(os.path.join(SHOTS, "timeout.png"))
        raise RuntimeError(f"waited for {css} {text!r}; status: "
                           f"{status[0].text if status else ''!r}")


def go(driver, app, hash_):
    """Opens `hash_` and waits until the page drawn is the one for the address shown
    (a page of the previous address may still be on screen, or still loading)."""
    driver.get(app.origin + "/" + hash_)
    try:
        WebDriverWait(driver, 20).until(lambda d: d.execute_script(
            "const m = document.getElementById('main');"
            "return m.dataset.shown === (location.hash || '#/') && m.querySelector('h1') !== null;"))
    except Exception:
        driver.save_screenshot(os.path.join(SHOTS, "timeout.png"))
        raise RuntimeError(f"waited for the page of {hash_}; now at {driver.current_url}")


def unlock(driver, app):
    driver.get(app.url)
    field = wait_for(driver, "input[type=password]")
    page_checks(driver, "unlock")
    field.send_keys("wrong passphrase here")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for(driver, "#status", "does not unlock")
    field = driver.find_element(By.CSS_SELECTOR, "input[type=password]")
    field.clear()
    field.send_keys(PASSPHRASE)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for(driver, "nav a", "Cases")
    check(app.url.split("?token=")[1] not in driver.current_url, "the token stays in the address bar")


def sync_until(driver, app, hash_, css, text):
    """Presses "Sync now" until `text` shows on `hash_`, or the deadline passes."""
    end = time.time() + DEADLINE
    while time.time() < end:
        go(driver, app, "#/peers")
        wait_for(driver, "main button", "Sync now").click()
        time.sleep(1)
        go(driver, app, hash_)
        if any(text in el.text for el in driver.find_elements(By.CSS_SELECTOR, css)):
            return True
        time.sleep(1)
    return False


def main():
    os.makedirs(SHOTS, exist_ok=True)
    root = tempfile.mkdtemp(prefix="kring-app-browser-")
    apps = []
    try:
        homes = {n: os.path.join(root, n) for n in ("anna", "bram", "cleo")}
        ports = {n: free_port() for n in homes}
        # Cleo never opens a terminal: her node is made on the page and joins with a code.
        for name in ("anna", "bram"):
            kring(homes[name], "init", "--alias", name.capitalize(), "--language", "en")
        kring(homes["anna"], "group", "create", "Intervisie")
        kring(homes["anna"], "peer", "add", f"127.0.0.1:{ports['bram']}")
        kring(homes["bram"], "peer", "add", f"127.0.0.1:{ports['anna']}")
        # Bram and Dirk send Anna the line `kring whoami --export` prints; she adds them on
        # the page (and removes Dirk again).
        dirk = os.path.join(root, "dirk")
        kring(dirk, "init", "--alias", "Dirk", "--language", "en")
        lines = {n: kring(h, "whoami", "--export").strip()
                 for n, h in (("bram", homes["bram"]), ("dirk", dirk))}
        apps = {n: App(h, ports[n]) for n, h in homes.items()}
        downloads = os.path.join(root, "downloads")

        # ---- Anna: a case with names, its findings, the anonymised version, share, ask.
        driver = browser(downloads)
        try:
            unlock(driver, apps["anna"])
            page_checks(driver, "cases-empty")
            go(driver, apps["anna"], "#/case/new")
            fields = {"Title": "Teamleider onder druk", "Session date": None,
                      "Work situation": "Jan de Vries is teamleider bij Gemeente Utrecht. "
                                        "Hij belt op 06-12345678 over de reorganisatie.",
                      "What I did and asked": "Ik vroeg wat hij in het volgende overleg anders wil doen."}
            for label, value in fields.items():
                if value is None:
                    continue
                el = driver.find_element(By.XPATH, f"//label[.='{label}']/following-sibling::*[self::input or self::textarea]")
                el.send_keys(value)
            wait_for(driver, "#status", "Draft saved")
            page_checks(driver, "case-write")
            driver.find_element(By.XPATH, "//button[.='Save']").click()
            wait_for(driver, "main h1", "Anonymise")
            wait_for(driver, "mark.finding")
            marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "mark.finding")]
            check(any("Jan de Vries" in m for m in marks), f"the person is found: {marks}")
            check(any("06-12345678" in m for m in marks), f"the phone number is found: {marks}")
            result = driver.find_element(By.CSS_SELECTOR, ".result").text
            check("Jan de Vries" not in result and LABEL.search(result), f"result: {result}")
            page_checks(driver, "case-anonymise")
            driver.find_element(By.XPATH, "//button[.='Save the anonymised version']").click()
            wait_for(driver, "#status", "anonymised version is saved")
            driver.find_element(By.XPATH, "//a[contains(., 'share it with a group')]").click()
            wait_for(driver, "main h1", "Share")
            page_checks(driver, "case-share")
            driver.find_element(By.XPATH, "//button[.='Share']").click()
            wait_for(driver, "#status", "Shared with Intervisie")
            case_id = driver.current_url.split("#/case/")[1].split("/")[0]
            go(driver, apps["anna"], f"#/case/{case_id}/focus")
            wait_for(driver, "p.sentence")
            check(len(driver.find_elements(By.CSS_SELECTOR, "p.sentence.action")) >= 1,
                  "the coach's question is labelled action & learning")
            notes = [e.get_attribute("textContent")
                     for e in driver.find_elements(By.CSS_SELECTOR, "p.sentence .cue")]
            check(any(n.startswith("Decided by: ") for n in notes),
                  f"each sentence shows the words that decided it: {notes}")
            page_checks(driver, "case-focus")
            go(driver, apps["anna"], "#/groups")
            driver.find_element(By.LINK_TEXT, "Intervisie").click()
            wait_for(driver, "main h1", "Intervisie")
            for name, role in (("bram", "coach"), ("dirk", "coach")):
                driver.find_element(By.XPATH, "//label[.='ID line']/following-sibling::textarea").send_keys(lines[name])
                Select(driver.find_element(By.XPATH, "//label[.='Role in the group']/following-sibling::select[option[@value='admin']]")).select_by_value(role)
                driver.find_element(By.XPATH, "//button[.='Add to the group']").click()
                wait_for(driver, "#status", "Added " + name.capitalize())
                wait_for(driver, "main td", name.capitalize())
            driver.find_element(By.XPATH, "//button[@aria-label='Remove Dirk from the group']").click()
            page_checks(driver, "group-remove-ask")
            driver.find_element(By.XPATH, "//button[.='Yes, remove Dirk']").click()
            wait_for(driver, "#status", "Removed Dirk")
            check(not any(el.text == "Dirk" for el in driver.find_elements(By.CSS_SELECTOR, "main td")),
                  "Dirk is no longer listed as a member")
            Select(driver.find_element(By.XPATH, "//label[.='Role in the group']/following-sibling::select[not(option[@value='admin'])]")).select_by_value("supervisor")
            driver.find_element(By.XPATH, "//button[.='Make an invitation']").click()
            code = wait_for(driver, "textarea.code[readonly]")
            invitation = code.get_attribute("value")
            check(invitation.startswith("kring-join1:"),
                  "an admin makes an invitation code on the group page")
            page_checks(driver, "group")
            # The group on a file: the page's link gives the file (fetched as the link would).
            href = driver.find_element(By.LINK_TEXT, "Save group file").get_attribute("href")
            got = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "fetch(arguments[0]).then(async r => done([r.status, (await r.arrayBuffer()).byteLength]))"
                ".catch(e => done([0, String(e)]));", href)
            check(got[0] == 200 and got[1] > 100, f"the group file is saved from the page: {got}")
            link = driver.find_element(By.PARTIAL_LINK_TEXT, "Teamleider onder druk")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
            link.click()
            # The case's own page, not the group page still standing (it has a textarea too).
            wait_for(driver, "main h1", "Teamleider onder druk")
            wait_for(driver, "main h2", "Ask your group for feedback")
            question = driver.find_element(
                By.XPATH, "//label[.='Your question']/following-sibling::textarea")
            page_checks(driver, "shared-case-own")
            question.send_keys("Jan vraagt zich af of hij te snel ingreep: hoe zien jullie dat?")
            driver.find_element(By.XPATH, "//label[starts-with(., 'Bram')]").click()
            driver.find_element(By.XPATH, "//button[.='Ask']").click()
            wait_for(driver, "#status", "confirm")  # the gate replaced "Jan": shown first
            check(LABEL.search(driver.find_element(By.CSS_SELECTOR, ".note").text),
                  "the question's name is replaced before it is shared")
            driver.find_element(By.XPATH, "//button[.='Ask']").click()
            wait_for(driver, "#status", "on its way")
            for page in ("inbox", "peers", "settings", "audit"):
                go(driver, apps["anna"], "#/" + page)
                page_checks(driver, "anna-" + page)
            # A colleague's computer added by hand, then removed again.
            go(driver, apps["anna"], "#/peers")
            driver.find_element(By.XPATH, "//label[.='Address (host:port)']/following-sibling::input").send_keys("127.0.0.1:9")
            driver.find_element(By.XPATH, "//button[.='Add']").click()
            wait_for(driver, "#status", "Added peer 127.0.0.1:9")
            wait_for(driver, "#known-peers td", "127.0.0.1:9")
            page_checks(driver, "peers-added")
            driver.find_element(By.XPATH, "//button[@aria-label='Remove 127.0.0.1:9']").click()
            wait_for(driver, "#status", "Removed")
            check(not any("127.0.0.1:9" in el.text for el in driver.find_elements(By.CSS_SELECTOR, "#known-peers td")),
                  "the removed computer is no longer listed")
            # Any text, anonymised on its own page.
            go(driver, apps["anna"], "#/cases")
            driver.find_element(By.PARTIAL_LINK_TEXT, "Anonymise any text").click()
            wait_for(driver, "main h1", "Anonymise a text")
            driver.find_element(By.XPATH, "//label[.='Text']/following-sibling::textarea").send_keys(
                "Jan de Vries belde op 06-12345678 over het overleg.")
            driver.find_element(By.XPATH, "//button[.='Anonymise']").click()
            wait_for(driver, "#status", "Replaced")
            result = driver.find_element(By.XPATH, "//label[.='Anonymised text']/following-sibling::textarea")
            value = result.get_attribute("value")
            check("Jan de Vries" not in value and "06-12345678" not in value and LABEL.search(value),
                  f"the text comes back anonymised: {value!r}")
            page_checks(driver, "anonymise-text")
            # A narrow window still works.
            driver.set_window_size(420, 900)
            go(driver, apps["anna"], f"#/case/{case_id}/anonymise")
            wait_for(driver, "mark.finding")
            page_checks(driver, "case-anonymise-narrow")
            driver.set_window_size(1280, 1000)
            driver.find_element(By.ID, "lock").click()
            wait_for(driver, "input[type=password]")
            state = driver.execute_script(
                "return fetch('/api/cases').then(r => r.status)")
            check(state == 423, f"locked: no data (got {state})")
            # Unlocked again: Anna's node must be up for Bram and Cleo to sync with it (a
            # locked node does not sync).
            field = driver.find_element(By.CSS_SELECTOR, "input[type=password]")
            field.send_keys(PASSPHRASE)
            driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            wait_for(driver, "nav a", "Cases")
        finally:
            driver.quit()

        # ---- Bram: sync, read, review in answer to the request.
        driver = browser(downloads)
        try:
            unlock(driver, apps["bram"])
            check(sync_until(driver, apps["bram"], "#/inbox", "main li", "Teamleider onder druk"),
                  "Bram's inbox shows Anna's request")
            page_checks(driver, "inbox")
            driver.find_element(By.PARTIAL_LINK_TEXT, "Teamleider onder druk").click()
            wait_for(driver, "main h1", "Review")
            check(LABEL.search(driver.page_source) and "Jan de Vries" not in driver.page_source,
                  "the shared case holds no name")
            page_checks(driver, "review")
            for fieldset in driver.find_elements(By.CSS_SELECTOR, "fieldset.score"):
                fieldset.find_elements(By.CSS_SELECTOR, "input[type=radio]")[3].click()
            driver.find_element(By.XPATH, "//input[@value='yes']").click()
            driver.find_element(By.XPATH, "//label[.='Strengths']/following-sibling::textarea").send_keys(
                "Je bleef bij wat er in het overleg gebeurde.")
            driver.find_element(By.XPATH, "//label[.='One suggestion']/following-sibling::textarea").send_keys(
                "Vraag ook naar wat buiten zijn invloed ligt.")
            driver.find_element(By.XPATH, "//button[contains(., 'Sign and send')]").click()
            wait_for(driver, "main h1", "Teamleider onder druk", timeout=30)
            wait_for(driver, ".card h3", "Bram")
            page_checks(driver, "shared-case-reviewed")
        finally:
            driver.quit()

        # ---- Cleo: her first run on the page, joining with Anna's code, the audit.
        driver = browser(downloads)
        try:
            driver.get(apps["cleo"].url)
            alias = wait_for(driver, "input[autocomplete=nickname]")
            page_checks(driver, "first-run")
            alias.send_keys("Cleo")
            Select(driver.find_element(By.XPATH, "//label[.='Language']/following-sibling::select")).select_by_value("en")
            for box in driver.find_elements(By.CSS_SELECTOR, "input[type=password]"):
                box.send_keys(PASSPHRASE)
            driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            wait_for(driver, "nav a", "Cases")
            go(driver, apps["cleo"], "#/groups")
            driver.find_element(By.XPATH, "//label[.='Invitation code']/following-sibling::textarea").send_keys(invitation)
            page_checks(driver, "groups-join")
            driver.find_element(By.XPATH, "//button[.='Join']").click()
            wait_for(driver, "main h1", "Intervisie", timeout=30)
            check("joined Intervisie" in driver.find_element(By.ID, "status").text,
                  "the page says Cleo joined, with the fingerprint to compare")
            # Bram's review reaches Cleo through Anna's node: the shared case counts it.
            group_hash = "#" + driver.current_url.split("#", 1)[1]
            check(sync_until(driver, apps["cleo"], group_hash, "main li", "reviews: 1"),
                  "Bram's review reaches Cleo")
            go(driver, apps["cleo"], "#/inbox")
            go(driver, apps["cleo"], "#/audit")
            page_checks(driver, "audit-form")
            driver.find_element(By.XPATH, "//button[.='Show the report']").click()
            frame = wait_for(driver, "iframe.report")
            driver.switch_to.frame(frame)
            WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.TAG_NAME, "h1"))
            check("Intervisie" in driver.page_source, "the report names the group")
            driver.switch_to.default_content()
            page_checks(driver, "audit-report")
            links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[download]")]
            check(len(links) == 5, f"five download formats: {links}")
        finally:
            driver.quit()

        # Nothing of the case in any node's log.
        for name, app in apps.items():
            app.stop()
            log = open(homes[name] + ".app.log", encoding="utf-8").read()
            check("Jan de Vries" not in log and "06-12345678" not in log and PASSPHRASE not in log,
                  f"{name}'s log holds no case text or passphrase")
    finally:
        for app in (apps.values() if isinstance(apps, dict) else apps):
            if app.proc.poll() is None:
                app.stop()
        shutil.rmtree(root, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print("all roles played through; screenshots in", SHOTS)


if __name__ == "__main__":
    main()
