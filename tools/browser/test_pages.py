"""Browser tests of buurt's public pages, as a resident uses them.

Run by tools/browser/run.sh against a live `buurt serve` on the real Lanaken data (BUURT_URL).
Headless Chromium from Debian through its chromedriver; axe-core (axe-selenium-python) scans every
page; screenshots at phone (390×844) and desktop (1280×800) width go to BROWSER_SCREENSHOTS.
"""

import json
import os
import urllib.parse
import urllib.request

import axe_core_python
import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["BUURT_URL"]
STAFF = os.environ["BUURT_STAFF_TOKEN"]
SHOTS = os.environ.get("BROWSER_SCREENSHOTS", "out/screenshots")
SIZES = {"telefoon": (390, 844), "desktop": (1280, 800)}


def make_driver(javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,800", "--lang=nl-BE"]:
        options.add_argument(a)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(scope="module")
def browser():
    d = make_driver()
    yield d
    d.quit()


@pytest.fixture(scope="module")
def nojs():
    d = make_driver(javascript=False)
    yield d
    d.quit()


def api(path, token=None):
    request = urllib.request.Request(BASE + path, headers={"Authorization": "Bearer " + token} if token else {})
    with urllib.request.urlopen(request, timeout=10) as r:
        return json.load(r)


def group_of(address):
    """The group the API places an address in (the oracle for what the page must say)."""
    r = api("/v1/resolve?q=" + urllib.parse.quote(address))
    assert r["status"] == "matched", r
    return r["group"]["name"]


def wait(driver, condition, seconds=10):
    return WebDriverWait(driver, seconds).until(condition)


def fill_person(driver, name, phone):
    driver.find_element(By.ID, "naam").send_keys(name)
    driver.find_element(By.ID, "gsm").send_keys(phone)
    driver.find_element(By.ID, "leeftijd-18").click()
    driver.find_element(By.ID, "basis-woon").click()
    driver.find_element(By.ID, "gedragsregels").click()


def click_and_wait(driver, element):
    """Clicks a button that sends a form, and waits until the next page replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_):
        # The old page's node is gone: stale, or (mid-navigation) no longer in any document.
        try:
            page.is_enabled()
            return False
        except WebDriverException:
            return True

    WebDriverWait(driver, 10).until(replaced)


def submit(driver):
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))


def pending_names():
    waiting = api("/v1/enrollments?status=pending", STAFF)
    return {m["name"] for g in waiting["groups"] for m in g.get("enrollments", [])}


def test_enroll_with_a_misspelt_address_chosen_from_the_suggestions(browser):
    browser.get(BASE + "/inschrijven")
    field = browser.find_element(By.ID, "adres")
    field.send_keys("Stasionsstr")  # a typo and an abbreviation
    street = wait(browser, EC.element_to_be_clickable((By.XPATH, "//ul[@id='adres-lijst']/li[starts-with(., 'Stationsstraat, 3620')]")))
    assert field.get_attribute("aria-expanded") == "true"
    street.click()
    assert field.get_attribute("value").startswith("Stationsstraat ")
    field.send_keys("12")
    option = wait(browser, EC.element_to_be_clickable((By.XPATH, "//ul[@id='adres-lijst']/li[. = 'Stationsstraat 12, 3620 Lanaken']")))
    option.click()
    assert field.get_attribute("value") == "Stationsstraat 12, 3620 Lanaken"
    fill_person(browser, "Sanne Suggestie", "0470 10 20 30")
    submit(browser)
    wait(browser, EC.url_to_be(BASE + "/mijn-inschrijving"))
    expected = group_of("Stationsstraat 12, 3620 Lanaken")
    heading = browser.find_element(By.XPATH, "//h2[starts-with(., 'Uw groep')]").text
    assert heading == "Uw groep: " + expected
    assert "coördinator" in browser.page_source and "WhatsApp" in browser.page_source
    # The token is in no address and not readable by scripts (HttpOnly).
    assert "?" not in browser.current_url
    assert "buurt_inschrijving" not in browser.execute_script("return document.cookie")
    assert "Sanne Suggestie" in pending_names()


def test_enroll_without_javascript(nojs):
    nojs.get(BASE + "/inschrijven")
    assert nojs.find_element(By.ID, "adres-lijst").get_attribute("hidden") is not None
    nojs.find_element(By.ID, "adres").send_keys("stasionsstraat 14")
    fill_person(nojs, "Zonder Script", "0470 10 20 31")
    submit(nojs)
    wait(nojs, EC.url_to_be(BASE + "/mijn-inschrijving"))
    assert nojs.find_element(By.XPATH, "//h2[starts-with(., 'Uw groep')]").text == "Uw groep: " + group_of("Stationsstraat 14, 3620")
    assert "Stationsstraat 14, 3620" in nojs.page_source


def test_an_ambiguous_address_lets_the_resident_choose(nojs):
    nojs.delete_all_cookies()
    nojs.get(BASE + "/inschrijven")
    nojs.find_element(By.ID, "adres").send_keys("Boestraat 1")  # one letter from Bodestraat and from Bosstraat
    fill_person(nojs, "Twijfel Geval", "0470 10 20 32")
    submit(nojs)
    assert "Kies hieronder het juiste adres" in nojs.find_element(By.ID, "adres-fout").text
    summary = nojs.find_element(By.ID, "fouten")
    assert summary.find_element(By.CSS_SELECTOR, "a[href='#adres']")
    choices = [e.get_attribute("value") for e in nojs.find_elements(By.NAME, "adres_keuze")]
    assert "Bosstraat 1, 3620 Lanaken" in choices and "Bodestraat 1, 3620 Lanaken" in choices
    nojs.find_element(By.CSS_SELECTOR, "input[name=adres_keuze][value='Bosstraat 1, 3620 Lanaken']").click()
    # The other fields were kept; only the charter box is ticked again by the page.
    assert nojs.find_element(By.ID, "naam").get_attribute("value") == "Twijfel Geval"
    submit(nojs)
    wait(nojs, EC.url_to_be(BASE + "/mijn-inschrijving"))
    assert nojs.find_element(By.XPATH, "//h2[starts-with(., 'Uw groep')]").text == "Uw groep: " + group_of("Bosstraat 1, 3620 Lanaken")


def test_an_unknown_address_says_why_and_whom_to_contact(browser):
    browser.delete_all_cookies()
    browser.get(BASE + "/inschrijven")
    browser.find_element(By.ID, "adres").send_keys("Nergensstraat 5")
    browser.find_element(By.ID, "adres").send_keys(Keys.ESCAPE)
    fill_person(browser, "Niet Gevonden", "0470 10 20 33")
    submit(browser)
    error = browser.find_element(By.ID, "adres-fout").text
    assert "Er is geen straat “Nergensstraat”" in error and "contact op met de gemeente" in error
    assert browser.find_element(By.ID, "adres").get_attribute("aria-invalid") == "true"
    assert "Niet Gevonden" not in pending_names()


@pytest.mark.parametrize("forgery", ["missing", "wrong"])
def test_a_forged_form_is_refused(browser, forgery):
    browser.get(BASE + "/inschrijven")
    browser.find_element(By.ID, "adres").send_keys("Stationsstraat 20, 3620 Lanaken")
    fill_person(browser, "Vervalst " + forgery, "0470 10 20 34")
    if forgery == "missing":
        browser.execute_script("document.querySelector('input[name=csrf]').remove()")
    else:
        browser.execute_script("document.querySelector('input[name=csrf]').value = '0'.repeat(64)")
    submit(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Formulier niet aanvaard"
    assert "Vervalst " + forgery not in pending_names()


def test_the_management_page_shows_the_enrollment_and_erases_it(browser):
    browser.delete_all_cookies()
    browser.get(BASE + "/inschrijven")
    browser.find_element(By.ID, "adres").send_keys("Stationsstraat 16, 3620 Lanaken")
    browser.find_element(By.ID, "adres").send_keys(Keys.ESCAPE)
    fill_person(browser, "Wis Mij", "0470 10 20 35")
    submit(browser)
    wait(browser, EC.url_to_be(BASE + "/mijn-inschrijving"))
    facts = browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "Wis Mij" in facts and "Stationsstraat 16" in facts and "+32470102035" in facts
    assert "Wis Mij" in pending_names()
    code = browser.find_element(By.CSS_SELECTOR, ".code code").text
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[. = 'Mijn gegevens wissen']"))
    assert "Uw gegevens zijn gewist" in browser.page_source
    assert "Wis Mij" not in browser.page_source and "Wis Mij" not in pending_names()
    # The code opens nothing any more.
    browser.get(BASE + "/mijn-inschrijving")
    browser.find_element(By.ID, "code").send_keys(code)
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[. = 'Mijn inschrijving openen']"))
    assert "Deze code kennen we niet" in browser.page_source


def test_the_whole_form_by_keyboard_alone(browser):
    browser.delete_all_cookies()
    browser.get(BASE + "/inschrijven")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Naar de inhoud"

    def tab_to(element_id, limit=20):
        for _ in range(limit):
            if browser.switch_to.active_element.get_attribute("id") == element_id:
                return browser.switch_to.active_element
            browser.switch_to.active_element.send_keys(Keys.TAB)
        raise AssertionError("Tab never reached #" + element_id)

    tab_to("naam").send_keys("Toetsenbord Gebruiker")
    field = tab_to("adres")
    field.send_keys("Stationsstraat 18")
    wait(browser, EC.visibility_of_element_located((By.XPATH, "//ul[@id='adres-lijst']/li[. = 'Stationsstraat 18, 3620 Lanaken']")))
    for _ in range(8):
        field.send_keys(Keys.ARROW_DOWN)
        chosen = browser.find_element(By.ID, field.get_attribute("aria-activedescendant")).text
        if chosen == "Stationsstraat 18, 3620 Lanaken":
            break
    field.send_keys(Keys.ENTER)
    assert field.get_attribute("value") == "Stationsstraat 18, 3620 Lanaken"
    tab_to("gsm").send_keys("0470 10 20 36")
    tab_to("leeftijd-18").send_keys(Keys.SPACE)
    tab_to("basis-woon").send_keys(Keys.SPACE)
    tab_to("gedragsregels").send_keys(Keys.SPACE)
    # Past the rules link to the button; Enter sends the form.
    for _ in range(5):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.switch_to.active_element.tag_name == "button":
            break
    assert browser.switch_to.active_element.text == "Inschrijven"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait(browser, EC.url_to_be(BASE + "/mijn-inschrijving"))
    assert browser.find_element(By.XPATH, "//h2[starts-with(., 'Uw groep')]").text == "Uw groep: " + group_of("Stationsstraat 18, 3620 Lanaken")


def public_pages():
    groups = [g["name"] for g in api("/v1/groups")["groups"]]
    pages = [("home", "/"), ("inschrijven", "/inschrijven"), ("gedragsregels", "/gedragsregels"), ("mijn-inschrijving", "/mijn-inschrijving")]
    pages += [("groep-" + g.lower().replace(" ", "-"), "/groepen/" + urllib.parse.quote(g)) for g in groups]
    return pages + [("onbekende-groep", "/groepen/Nergenshuizen")]


def screenshot(driver, name):
    for size, (w, h) in SIZES.items():
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": w < 600})
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(os.path.join(SHOTS, f"{name}-{size}.png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# axe-selenium-python drives the scan; its bundled axe-core is 3.1 (2018), which predates the ARIA 1.2
# combobox the address field is, so the scan runs the axe-core 4.4 that axe-core-python ships.
AXE_SCRIPT = os.path.join(os.path.dirname(axe_core_python.__file__), "axe.min.js")


def serious(driver):
    axe = Axe(driver, script_url=AXE_SCRIPT)
    axe.inject()
    results = axe.run()
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"] if v["impact"] in ("serious", "critical")]


def test_every_public_page_passes_axe_and_is_photographed(browser):
    browser.delete_all_cookies()
    problems = {}
    for name, path in public_pages():
        browser.get(BASE + path)
        found = serious(browser)
        if found:
            problems[path] = found
        screenshot(browser, name)
    # The form with its errors, the choices for an ambiguous address, and the resident's own page.
    browser.get(BASE + "/inschrijven")
    browser.find_element(By.ID, "adres").send_keys("Boestraat 1")
    browser.find_element(By.ID, "adres").send_keys(Keys.ESCAPE)
    submit(browser)
    problems.update({"/inschrijven (errors)": found} if (found := serious(browser)) else {})
    screenshot(browser, "inschrijven-fouten")
    browser.get(BASE + "/inschrijven")
    browser.find_element(By.ID, "adres").send_keys("Stationsstraat 22, 3620 Lanaken")
    browser.find_element(By.ID, "adres").send_keys(Keys.ESCAPE)
    fill_person(browser, "Axe Controle", "0470 10 20 37")
    submit(browser)
    wait(browser, EC.url_to_be(BASE + "/mijn-inschrijving"))
    problems.update({"/mijn-inschrijving (enrolled)": found} if (found := serious(browser)) else {})
    screenshot(browser, "mijn-inschrijving-ingeschreven")
    # The suggestions open, at phone width.
    browser.get(BASE + "/inschrijven")
    browser.find_element(By.ID, "adres").send_keys("Stationsstr 2")
    wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, "#adres-lijst li")))
    problems.update({"/inschrijven (suggestions)": found} if (found := serious(browser)) else {})
    screenshot(browser, "inschrijven-suggesties")
    assert not problems, json.dumps(problems, indent=1)


def test_pages_load_nothing_from_elsewhere(browser):
    for _, path in public_pages():
        browser.get(BASE + path)
        urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert all(u.startswith(BASE) for u in urls), (path, urls)
