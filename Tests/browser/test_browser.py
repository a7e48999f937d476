"""The workspace in headless Chromium, as a recruiter and a manager use it; screenshots for the README."""
import json
import os

from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SETUP, URL


def sign_in(browser, role):
    person = SETUP["people"][role]
    browser.delete_all_cookies()
    browser.get(URL + "/login")
    browser.find_element(By.ID, "email").send_keys(person["email"])
    browser.find_element(By.ID, "password").send_keys(person["password"])
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    try:
        WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/today"))
    except TimeoutException:
        raise AssertionError("not signed in: " + browser.find_element(By.TAG_NAME, "body").text)
    loaded(browser)


def loaded(browser):
    """Waits until the page has finished loading: elements found earlier could belong to a page being replaced."""
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")


def click_and_wait(browser, element):
    """Clicks a submit button or link and waits for the next page (the old one going stale)."""
    page = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, 10).until(lambda _: gone(page))
    loaded(browser)


def gone(element):
    """Whether an element's page was replaced. ChromeDriver says so either as a stale element or, while the next
    page is coming in, as "Node with given id does not belong to the document" (selenium's staleness_of only knows
    the first)."""
    try:
        element.is_enabled()
        return False
    except WebDriverException:
        return True


def shot(browser, name):
    folder = SETUP["screenshots"]
    os.makedirs(folder, exist_ok=True)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1100, min(max(height, 600), 2400))
    browser.save_screenshot(os.path.join(folder, name + ".png"))
    browser.set_window_size(1100, 1400)


def test_a_recruiter_signs_in_presses_done_and_the_item_is_gone(browser):
    sign_in(browser, "recruiter")
    assert "Follow-up queue for 2026-11-20 (Friday)" in browser.find_element(By.TAG_NAME, "h1").text
    shot(browser, "today")
    # The first recruiter follow-up with a Done button.
    forms = [f for f in browser.find_elements(By.CSS_SELECTOR, "form[action='/today/done']")
             if f.find_element(By.NAME, "rule").get_attribute("value") == "follow-up"]
    assert forms, "no follow-up to press Done on"
    form = forms[0]
    item = {name: form.find_element(By.NAME, name).get_attribute("value") for name in ("candidate", "opening", "rule")}
    count = len(browser.find_elements(By.CSS_SELECTOR, "form[action='/today/done']"))
    click_and_wait(browser, form.find_element(By.TAG_NAME, "button"))
    assert browser.current_url.endswith("/today")
    remaining = browser.find_elements(By.CSS_SELECTOR, "form[action='/today/done']")
    assert len(remaining) == count - 1
    for other in remaining:
        values = (other.find_element(By.NAME, "candidate").get_attribute("value"),
                  other.find_element(By.NAME, "opening").get_attribute("value"),
                  other.find_element(By.NAME, "rule").get_attribute("value"))
        assert values != (item["candidate"], item["opening"], item["rule"])
    json.dump(item, open(SETUP["result"], "w"))


def test_why_explains_an_item(browser):
    sign_in(browser, "recruiter")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a.why"))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Why:")
    assert "Every rule's verdict" in browser.page_source
    rows = browser.find_elements(By.CSS_SELECTOR, "table tbody tr")
    assert len(rows) >= 10
    shot(browser, "why")


def test_a_manager_sees_the_team_and_a_recruiter_gets_403_on_admin_pages(browser):
    sign_in(browser, "manager")
    browser.get(URL + "/team")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Team, 2026-11-20"
    assert "lou@agency.test" in browser.page_source and "Over-contact warnings" in browser.page_source
    shot(browser, "team")
    sign_in(browser, "recruiter")
    browser.get(URL + "/users")
    assert "403" in browser.find_element(By.TAG_NAME, "h1").text
    browser.get(URL + "/team")
    assert "403" in browser.find_element(By.TAG_NAME, "h1").text


def test_no_script_from_the_data_runs(browser):
    sign_in(browser, "manager")
    for path in ["/today", "/why?candidate=x.evil@example.com&opening=EVIL-1", "/team",
                 "/candidate?email=x.evil@example.com", "/opening?id=EVIL-1"]:
        browser.get(URL + path)
        assert browser.execute_script("return document.scripts.length") == 0, path
        assert not browser.find_elements(By.TAG_NAME, "img"), path
        text = browser.find_element(By.TAG_NAME, "body").text
        if path.startswith(("/today", "/why")):
            # Shown as the text it is, not run: the client's name reads as typed.
            assert "<script>alert('client')</script> & \"Sons\"" in text, path
            assert "Robert'); DROP TABLE candidates;--" in text, path
        if path.startswith("/candidate"):
            assert "</textarea><script>alert('note')</script>" in text and '<script>alert("name")</script>' in text


def test_pages_fit_a_phone_screen_without_sideways_scrolling(browser):
    sign_in(browser, "manager")
    browser.set_window_size(390, 844)
    try:
        for path in ["/today?recruiter=lou@agency.test", "/why?candidate=kai.tanaka@example.com&opening=COB-310", "/team",
                     "/client?name=Acme%20Corp", "/candidate?email=cara.diaz@example.com", "/opening?id=COB-311",
                     "/find?q=c"]:
            browser.get(URL + path)
            overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} is {overflow}px wider than a phone"
        browser.get(URL + "/today?recruiter=lou@agency.test")
        browser.save_screenshot(os.path.join(SETUP["screenshots"], "today-phone.png"))
    finally:
        browser.set_window_size(1100, 1400)


def test_a_recruiter_finds_a_candidate_and_opens_their_page_from_today(browser):
    sign_in(browser, "recruiter")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".item .who a"))
    assert browser.find_element(By.TAG_NAME, "h2").text == "Applications"
    browser.get(URL + "/find")
    browser.find_element(By.ID, "q").send_keys("cara")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.find button"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "ul.facts a"))
    assert "cara.diaz@example.com" in browser.find_element(By.CSS_SELECTOR, "dl.record").text
    shot(browser, "candidate")


def test_an_admin_uploads_a_file_sees_its_check_and_imports_it(browser, tmp_path):
    sign_in(browser, "admin")
    browser.get(URL + "/import")
    csv = tmp_path / "new-openings.csv"
    csv.write_text("opening,client,title,hiring_manager,status,recruiter\n"
                   "BROWSER-1,Browser Test Ltd,Browser Role,Pat Lee,open,lou@agency.test\n"
                   "BROWSER-2,Browser Test Ltd,,Pat Lee,open,lou@agency.test\n")
    browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=openings]").click()
    browser.find_element(By.ID, "file").send_keys(str(csv))
    browser.find_element(By.CSS_SELECTOR, "input[name=skip_invalid]").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Check: new-openings.csv"
    assert "1 row will be left out" in browser.page_source
    shot(browser, "import-check")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/import/commit'] button"))
    WebDriverWait(browser, 10).until(lambda b: "Imported 1 row; 1 row left out." in b.page_source)
    assert "Download the rows left out" in browser.page_source


LABELLED = """
const problems = [];
for (const field of document.querySelectorAll('input, select, textarea')) {
  if (field.type === 'hidden' || field.type === 'submit') continue;
  const labelled = (field.id && document.querySelector('label[for="' + field.id + '"]')) || field.closest('label')
    || field.getAttribute('aria-label') || field.getAttribute('aria-labelledby');
  if (!labelled) problems.push('unlabelled ' + field.outerHTML.slice(0, 80));
}
for (const button of document.querySelectorAll('button')) {
  if (!button.textContent.trim() && !button.getAttribute('aria-label')) problems.push('a button without a name');
}
if (document.querySelectorAll('h1').length !== 1) problems.push(document.querySelectorAll('h1').length + ' h1 elements');
if (!document.documentElement.lang) problems.push('no lang');
if (!document.querySelector('main')) problems.push('no main landmark');
return problems;
"""


def test_every_page_has_labelled_fields_one_heading_and_a_main_landmark(browser):
    pages = {
        "admin": ["/today", "/find?q=c", "/candidate?email=cara.diaz@example.com", "/opening?id=COB-311", "/calendar",
                  "/team", "/clients", "/client?name=Acme%20Corp", "/import", "/policy", "/users",
                  "/why?candidate=cara.diaz@example.com&opening=COB-311"],
    }
    for role, paths in pages.items():
        sign_in(browser, role)
        for path in paths:
            browser.get(URL + path)
            loaded(browser)
            assert browser.execute_script(LABELLED) == [], path
    browser.delete_all_cookies()
    browser.get(URL + "/login")
    assert browser.execute_script(LABELLED) == [], "/login"
