"""The staff console in a real headless Chromium, the way staff use it (issue 18).

(a) A Shanghai sales associate finds a customer by the last four digits of the mobile and the first character
    of the name, opens one of the customer's orders, returns one unit with a refund, and sees the points change.
(b) A customer-service agent sees the profile masked and no way to reveal it.
(c) The administrator switches to English and no section shows Chinese in its headings, labels, buttons,
    table headers, navigation or field names (data such as names may stay Chinese).
(d) A form posted without its CSRF token is refused.
(e) Customer service (issue 19): an agent logs a complaint on the customer's timeline, opens a ticket from it,
    replies and resolves it; the survey invitation that follows (run now from the Jobs page) reaches the
    message outbox, the customer answers it on its public page on a phone, and the ticket shows its SLA met.
Plus one step on a 768 x 1024 tablet. A screenshot of each step goes to OUT. Exits 1 naming the failed step.

Environment: PATRON_BASE (http://127.0.0.1:PORT), PATRON_DEMO_ADMIN_PASSWORD, WALK_OUT (screenshots folder),
CHROMEDRIVER (default /usr/bin/chromedriver), CHROMIUM (default /usr/bin/chromium), WALK_STEPS (a comma-separated
subset of sales,agent,service,english,csrf; default all), PATRON_MESSAGE_OUTBOX (the server's message outbox
file, for the service step).
"""
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["PATRON_BASE"].rstrip("/")
PASSWORD = os.environ["PATRON_DEMO_ADMIN_PASSWORD"]
OUT = os.environ.get("WALK_OUT", ".ci-artifacts/browser-walk")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
DESKTOP = (1366, 900)
TABLET = (768, 1024)
PHONE = (390, 844)


class WalkFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise WalkFailed(message)


# ---------------------------------------------------------------- the JSON API, to pick the walk's customer

def api(method, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Accept", "application/json")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        raise WalkFailed(f"{method} {path} answered {error.code}: {error.read()[:300]!r}")


def pick_subject():
    """A SH-001 customer with points and a recent paid order (among the 20 the customer page lists) that has
    a payment outside points, and the one line and refund to return: half of one unit's value after discounts."""
    token = api("POST", "/auth/login", body={"username": "admin", "password": PASSWORD})["token"]
    stores = api("GET", "/stores?limit=200", token)["items"]
    store = next(s["id"] for s in stores if s["code"] == "SH-001")
    seen = set()
    for order in api("GET", f"/orders?storeId={store}&limit=200", token)["items"]:
        customer = order.get("customerId")
        if not customer or customer in seen:
            continue
        seen.add(customer)
        if api("GET", f"/customers/{customer}/points", token).get("position", {}).get("balance", 0) <= 0:
            continue
        recent = api("GET", f"/orders?customerId={customer}&storeId={store}&limit=20", token)["items"]
        for candidate in recent:
            chosen = returnable(candidate)
            if chosen:
                clear = api("POST", f"/customers/{customer}/reveal", token,
                            {"purpose": "browser walk: learn the mobile a sales associate would be told"})
                digits = re.sub(r"\D", "", clear["mobile"])
                # The customer agreed at the counter to hear from the chain by SMS: the ticket's reply and the
                # survey invitation of the service step go out on it.
                api("POST", f"/customers/{customer}/consents", token,
                    {"channel": "sms", "granted": True, "source": "store_signup_form"})
                return {"customer": customer, "order": candidate["id"], "last4": digits[-4:], "initial": clear["name"][0],
                        **chosen}
    raise WalkFailed("no SH-001 customer with points and a returnable recent order in the demo")


def returnable(order):
    if order["status"] != "paid":
        return None
    outside = [p for p in order["payments"] if p["method"] != "points"]
    if not outside:
        return None
    subtotal = sum(line["total"] for line in order["lines"]) or 1
    best = max(range(len(order["lines"])), key=lambda i: order["lines"][i]["total"] / order["lines"][i]["quantity"])
    line = order["lines"][best]
    unit = line["total"] * (subtotal - order["orderDiscount"]) // subtotal // line["quantity"]
    payment = max(outside, key=lambda p: p["amount"])
    refund = min(unit // 2, payment["amount"])
    if refund < 100:
        return None
    return {"line": best + 1, "method": payment["method"], "refund": refund}


# ---------------------------------------------------------------- the browser

def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--lang=zh-CN", f"--window-size={DESKTOP[0]},{DESKTOP[1]}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.set_window_size(*DESKTOP)
    driver.set_page_load_timeout(60)
    return driver


class Walk:
    def __init__(self, driver):
        self.driver = driver
        self.step = 0

    def shot(self, name):
        self.step += 1
        path = os.path.join(OUT, f"{self.step:02d}-{name}.png")
        self.driver.save_screenshot(path)
        print(f"  step {self.step:02d} {name}: ok")

    def open(self, path):
        self.driver.get(BASE + path)

    def find(self, css, what=None):
        try:
            return WebDriverWait(self.driver, 20).until(ready.presence_of_element_located((By.CSS_SELECTOR, css)))
        except TimeoutException:
            raise WalkFailed(f"{what or css} not found on {self.driver.current_url} ({self.title()})")

    def has(self, css):
        return bool(self.driver.find_elements(By.CSS_SELECTOR, css))

    def title(self):
        heading = self.driver.find_elements(By.TAG_NAME, "h1")
        return heading[0].text if heading else self.driver.title

    def path(self):
        return urllib.parse.urlparse(self.driver.current_url).path

    def sign_in(self, username):
        self.driver.delete_all_cookies()
        self.open("/console/sign-in")
        self.find("#username").send_keys(username)
        self.find("#password").send_keys(PASSWORD)
        self.find("#sign-in").click()
        self.find("#sign-out", f"the signed-in page for {username}")

    def fill(self, css, value):
        field = self.find(css)
        field.clear()
        field.send_keys(value)

    def no_overflow(self, what):
        width = self.driver.execute_script("return document.documentElement.scrollWidth")
        inner = self.driver.execute_script("return window.innerWidth")
        check(width <= inner + 1, f"{what}: the page is {width}px wide in a {inner}px window (scrolls sideways)")


def walk_sales(walk, subject):
    """(a) Find the customer as a sales associate, return one unit with a refund, see the points change."""
    walk.sign_in("sh001.sales")
    walk.shot("sales-signed-in")
    walk.find('nav.main a[href="/console/customers"]').click()
    walk.fill("#search-phone", subject["last4"])
    walk.fill("#search-name", subject["initial"])
    walk.find("#search").click()
    walk.find("#customer-results", "search results for the last four digits and the name")
    walk.shot("sales-search")
    links = [a for a in walk.driver.find_elements(By.CSS_SELECTOR, "a.customer-link")
             if a.get_attribute("href").endswith(subject["customer"])]
    check(links, f"the customer {subject['customer']} is not among the results for {subject['last4']} + {subject['initial']}")
    links[0].click()
    before = walk.find("#points-balance").text
    customer_url = walk.driver.current_url
    walk.shot("sales-customer")
    orders = [a for a in walk.driver.find_elements(By.CSS_SELECTOR, "a.order-link")
              if a.get_attribute("href").endswith(subject["order"])]
    check(orders, f"the order {subject['order']} is not listed on the customer page")
    orders[0].click()
    walk.find("#return-link", "the return link on the order page").click()
    form = walk.find("#return-form", "the return form")
    walk.fill(f'#return-form [name="qty_{subject["line"]}"]', "1")
    for refund in form.find_elements(By.CSS_SELECTOR, '[name^="refund_"]'):
        refund.clear()
    refund_field = f'#return-form [name="refund_{subject["method"]}"]'
    if walk.has(refund_field):
        walk.fill(refund_field, f"{subject['refund'] // 100}.{subject['refund'] % 100:02d}")
    if walk.has('#return-form [name="reason"]'):
        walk.fill('#return-form [name="reason"]', "顾客尺码不合适")
    walk.shot("sales-return-form")
    walk.find("#submit-return").click()
    walk.find("#return-recorded", "the confirmation of the return")
    walk.shot("sales-return-recorded")
    walk.driver.get(customer_url)
    after = walk.find("#points-balance").text
    check(after != before, f"the points balance stayed {before} after the refund")
    walk.shot("sales-points-changed")
    print(f"  points balance {before} -> {after}")


def walk_agent(walk, subject):
    """(b) A customer-service agent sees the profile masked and cannot reveal it; also on a tablet."""
    walk.sign_in("cs.agent")
    walk.open(f"/console/customers/{subject['customer']}")
    walk.find("#masked-note", "the masked-data note")
    walk.find("#no-reveal", "the note that the role cannot reveal")
    check(not walk.has("#reveal-form"), "the agent is offered the reveal form")
    mobile = walk.find('[data-field="mobile"]').text
    check("*" in mobile, f"the mobile is not masked: {mobile}")
    walk.shot("agent-masked")
    walk.driver.set_window_size(*TABLET)
    walk.driver.refresh()
    walk.find("#masked-note")
    walk.no_overflow("customer page at 768 px")
    walk.shot("agent-masked-tablet")
    walk.open("/console/customers")
    walk.find("#customer-search")
    walk.no_overflow("customer search at 768 px")
    walk.shot("agent-search-tablet")
    walk.driver.set_window_size(*DESKTOP)


COMPLAINT = "快递外箱破损，收到的保温杯有划痕"


def outbox_link(customer, purpose):
    """The newest link the message outbox holds for the customer and purpose, as a path on this server."""
    path = os.environ.get("PATRON_MESSAGE_OUTBOX")
    check(path and os.path.exists(path), "no message outbox file (PATRON_MESSAGE_OUTBOX) to read the survey link from")
    links = []
    with open(path, encoding="utf-8") as outbox:
        for line in outbox:
            message = json.loads(line)
            if message.get("customerId") == customer and message.get("purpose") == purpose:
                links += re.findall(r"https?://\S+/s/[A-Za-z0-9_-]+", message.get("body", ""))
    return urllib.parse.urlparse(links[-1]).path if links else None


def timeline_entry(walk, text, seconds=10):
    """The timeline entry holding `text` and its open-ticket links, once the page after the POST has loaded:
    the timeline of the page being left can still be found for a moment, and its elements then go stale."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            for li in walk.driver.find_elements(By.CSS_SELECTOR, "#timeline-entries li"):
                if text in li.text:
                    return li, li.find_elements(By.CSS_SELECTOR, "a.open-ticket")
        except StaleElementReferenceException:
            pass
        time.sleep(0.2)
    return None, []


def walk_service(walk, subject):
    """(e) A complaint becomes a ticket, is answered and resolved; the customer answers the survey; SLA met."""
    customer = subject["customer"]
    walk.sign_in("cs.agent")
    walk.open(f"/console/customers/{customer}#timeline")
    form = walk.find("#interaction-form", "the form to log a contact on the timeline")
    if not form.is_displayed():
        walk.find("details.log-interaction summary").click()
    Select(walk.find("#interaction-channel")).select_by_value("hotline")
    Select(walk.find('#interaction-form [name="kind"]')).select_by_value("complaint")
    walk.fill("#interaction-subject", COMPLAINT)
    walk.shot("service-complaint-form")
    walk.find("#log-interaction").click()
    walk.find("#timeline-entries", "the timeline after logging the complaint")
    entry, links = timeline_entry(walk, COMPLAINT)
    check(entry is not None, "the logged complaint is not on the customer's timeline")
    check(links, "the complaint on the timeline offers no way to open a ticket")
    walk.shot("service-complaint-logged")
    links[0].click()
    walk.find("#ticket-from-interaction", "the new-ticket form prefilled from the complaint")
    check(walk.find("#ticket-subject").get_attribute("value") != "", "the new ticket's subject is not taken from the complaint")
    walk.shot("service-ticket-form")
    walk.find("#open-ticket").click()
    walk.find("#ticket-status", "the new ticket's page")
    ticket_url = walk.driver.current_url
    check(walk.has("#ticket-customer #customer-link") or walk.has("#ticket-customer"), "the ticket page has no customer beside it")
    if walk.has("#take-ticket"):
        walk.find("#take-ticket").click()
        walk.find("#ticket-status")
    walk.fill("#message-body", "您好，非常抱歉给您带来不便。我们已为您补发一只新的保温杯，预计两天内送达。")
    walk.find("#send-reply").click()
    walk.find("#ticket-thread .message-reply", "the reply in the ticket's thread")
    walk.shot("service-replied")
    resolutions = Select(walk.find("#resolution", "the resolution codes"))
    check(len(resolutions.options) > 0, "no resolution code to choose")
    resolutions.select_by_index(0)
    walk.find("#resolve").click()
    walk.find("#ticket-status.status-resolved", "the ticket resolved")
    walk.shot("service-resolved")

    walk.sign_in("admin")
    walk.open("/console/jobs")
    walk.find('form[action="/console/jobs/surveys.send/run"] button.run-job', "the Run now button of surveys.send").click()
    walk.find("h1")
    walk.shot("service-survey-job-run")
    survey = None
    for _ in range(60):
        survey = outbox_link(customer, "survey_invitation")
        if survey:
            break
        time.sleep(1)
    check(survey, "no survey invitation for the customer reached the message outbox after the ticket was resolved")

    walk.driver.delete_all_cookies()
    walk.driver.set_window_size(*PHONE)
    walk.open(survey)
    walk.find("#survey-form", "the public survey page")
    walk.no_overflow("the survey page on a phone")
    walk.find('#survey-form input[name="a_overall"][value="5"]').find_element(By.XPATH, "..").click()
    walk.fill('#survey-form textarea[name="a_comment"]', "处理很快，补发也很及时，谢谢！")
    walk.shot("service-survey-phone")
    walk.find("#survey-submit").click()
    walk.find("#public-message", "the thanks after answering")
    walk.shot("service-survey-answered")
    walk.open(survey)
    check(not walk.has("#survey-form"), "the survey link still offers the form after it was answered")
    walk.driver.set_window_size(*DESKTOP)

    walk.sign_in("cs.agent")
    walk.driver.get(ticket_url)
    sla = walk.find("#ticket-sla", "the ticket's SLA")
    check("sla-met" in sla.get_attribute("class"), f"the resolved ticket's SLA shows '{sla.text}', not met")
    walk.shot("service-sla-met")


LABELS_SCRIPT = """
const out = [];
const selectors = 'h1, h2, h3, h4, label, button, thead th, nav, dt, legend, summary, caption';
for (const element of document.querySelectorAll(selectors)) {
  if (element.closest('[lang]:not([lang^="en"])')) continue;
  const copy = element.cloneNode(true);
  copy.querySelectorAll('select, option, input, textarea, [lang]:not([lang^="en"])').forEach(e => e.remove());
  const text = copy.textContent.replace(/\\s+/g, ' ').trim();
  if (text) out.push(element.tagName.toLowerCase() + ': ' + text);
}
return out;
"""


def walk_insight(walk):
    """(e) A marketer opens the insight dashboard, reads the rules behind its segments and stages, drills from
    "At risk" to one of its customers and sees the customer's lifetime value and recommendations."""
    walk.sign_in("marketing")
    walk.open("/console/insight")
    walk.find("#kpi-cards .kpi", "the KPI cards")
    walk.find("#insight-sales svg", "the sales trend")
    walk.find("#insight-rfm svg.heatmap", "the RFM grid")
    walk.find("#insight-cohorts svg.heatmap", "the cohort triangle")
    bars = walk.driver.find_elements(By.CSS_SELECTOR, "#insight-clv-distribution svg rect.bar")
    check(len(bars) > 1, "the lifetime value distribution has no bars")
    check(any(ch.isdigit() for ch in walk.find("#insight-computed").text), "the dashboard does not say when the scores were computed")
    walk.shot("insight-dashboard")
    walk.find("#insight-settings-link", "the link to the insight rules").click()
    rules = walk.driver.find_elements(By.CSS_SELECTOR, "#segment-rules tbody tr")
    check(len(rules) >= 5, f"the insight rules list {len(rules)} segment rules")
    stages = walk.driver.find_elements(By.CSS_SELECTOR, "#lifecycle-rules li")
    check(len(stages) == 5, f"the insight rules state {len(stages)} lifecycle rules")
    walk.open("/console/insight")
    walk.find("#segment-at_risk", "the At risk segment").click()
    walk.find("#segment-customers", "the customers of At risk")
    walk.shot("insight-at-risk")
    walk.find("#segment-customers a.segment-customer").click()
    walk.find("#customer-insight", "the insight panel of the customer page")
    check(walk.find("#insight-segment").text.strip() not in ("", "–"), "the customer page shows no RFM segment")
    clv = walk.find("#insight-clv", "the customer's lifetime value").text.strip()
    check(any(ch.isdigit() for ch in clv), f"the lifetime value reads {clv!r}")
    items = walk.driver.find_elements(By.CSS_SELECTOR, "#insight-recommendations li")
    check(len(items) >= 1, "the customer page recommends nothing")
    walk.driver.execute_script("document.querySelector('#customer-insight').scrollIntoView()")
    walk.shot("insight-customer")
    walk.driver.set_window_size(*PHONE)
    walk.open("/console/insight")
    walk.find("#insight-rfm svg.heatmap")
    walk.no_overflow("the insight dashboard on a phone")
    walk.driver.set_window_size(*DESKTOP)


def walk_english(walk):
    """(c) The administrator in English: every section's own words are English."""
    walk.sign_in("admin")
    walk.find("#switch-language").click()
    walk.find('html[lang="en"]', "the page in English after the switch")
    sections = [a.get_attribute("href") for a in walk.driver.find_elements(By.CSS_SELECTOR, "nav.main a")]
    check(len(sections) >= 5, f"the administrator sees only {len(sections)} sections")
    for href in sections:
        walk.driver.get(href)
        walk.find("h1")
        check(walk.has('html[lang="en"]'), f"{href} is not in English")
        check(not walk.has("#not-found"), f"{href}: a section of the navigation answers 404")
        chinese = [text for text in walk.driver.execute_script(LABELS_SCRIPT) if CJK.search(text)]
        check(not chinese, f"{walk.path()} shows Chinese in English: {chinese[:5]}")
        walk.shot("english-" + ("home" if walk.path().rstrip("/") == "/console" else walk.path().rstrip("/").split("/")[-1]))


def walk_csrf(walk):
    """(d) The sign-out form without its token is refused, and the session goes on."""
    walk.open("/console")
    if not walk.has("#sign-out"):
        walk.sign_in("admin")
    walk.driver.execute_script(
        "document.querySelector('#sign-out').form.querySelector('input[name=_csrf]').remove();")
    walk.find("#sign-out").click()
    walk.find(".alert", "the refusal of a form without its token")
    check(walk.path() == "/console/sign-out", f"a form without its token went on to {walk.path()}")
    check(walk.has("#sign-out"), "a form without its token signed the member out")
    walk.shot("csrf-refused")
    session = next((c["value"] for c in walk.driver.get_cookies() if c["name"] == "patron_session"), None)
    check(session, "no session cookie in the browser")
    request = urllib.request.Request(BASE + "/console/sign-out", data=b"", method="POST")
    request.add_header("Cookie", "patron_session=" + session)
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        urllib.request.urlopen(request, timeout=30)
        raise WalkFailed("a sign-out without its token was accepted")
    except urllib.error.HTTPError as error:
        check(error.code == 403, f"a sign-out without its token answered {error.code}, not 403")


def main():
    sys.stdout.reconfigure(line_buffering=True)
    os.makedirs(OUT, exist_ok=True)
    subject = pick_subject()
    print(f"walk: customer {subject['customer']} (mobile ending {subject['last4']}), order {subject['order']}, "
          f"line {subject['line']}, refund {subject['refund']} by {subject['method']}")
    driver = browser()
    walk = Walk(driver)
    failed = None
    try:
        steps = (("sales", lambda: walk_sales(walk, subject)), ("agent", lambda: walk_agent(walk, subject)),
                 ("service", lambda: walk_service(walk, subject)), ("insight", lambda: walk_insight(walk)),
                 ("english", lambda: walk_english(walk)), ("csrf", lambda: walk_csrf(walk)))
        chosen = os.environ.get("WALK_STEPS", ",".join(name for name, _ in steps)).split(",")
        for name, step in steps:
            if name in chosen:
                print(f"walk: {name}")
                step()
    except (WalkFailed, NoSuchElementException) as error:
        failed = error
        try:
            walk.driver.save_screenshot(os.path.join(OUT, "FAILED.png"))
        except Exception:
            pass
    finally:
        driver.quit()
    if failed:
        print(f"browser walk FAILED: {failed}", file=sys.stderr)
        sys.exit(1)
    print("browser walk: all steps passed")


if __name__ == "__main__":
    main()
