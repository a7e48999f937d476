"""Shared set-up of the web workspace checks: the running server's address, its routes and its people, written by
Tests/recruitTests/WebWorkspaceTests.swift, which starts a real `recruit serve` on a real database and runs
these checks with pytest."""
import json
import os
import re
import shutil
import tempfile

import pytest
import requests

SETUP = json.load(open(os.environ["RECRUIT_WEB_SETUP"]))
URL = SETUP["url"]


def form_token(html):
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def signed_in(role):
    """A requests session signed in as the person of `role`, with the CSRF token of its pages."""
    person = SETUP["people"][role]
    session = requests.Session()
    page = session.get(URL + "/login")
    token = form_token(page.text)
    response = session.post(URL + "/login", data={"csrf": token, "email": person["email"], "password": person["password"]},
                            headers={"Origin": URL}, allow_redirects=False)
    assert response.status_code == 303, response.text
    session.csrf = form_token(session.get(URL + "/today").text)
    return session


@pytest.fixture(scope="session")
def setup():
    return SETUP


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # The browser's profile in a folder of its own, removed afterwards (without one, each run left a folder of
    # Chromium's in /tmp).
    profile = tempfile.mkdtemp(prefix="recruit-browser-")
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,1400",
                 "--user-data-dir=" + profile]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(2)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
