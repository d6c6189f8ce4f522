"""Listen (theme/assets/listen.js) in headless Chromium, with a fake speechSynthesis injected before load."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests import test_browser
from tests.test_browser import NEUTRAL

browser, page = test_browser.browser, test_browser.page  # the same Chromium fixtures

pytestmark = [pytest.mark.slow, pytest.mark.browser]

LOCAL_EN = {"name": "Local English", "lang": "en-GB", "localService": True}
REMOTE_EN = {"name": "Remote English", "lang": "en-GB", "localService": False, "default": True}
LOCAL_AR = {"name": "Local Arabic", "lang": "ar-SA", "localService": True}
LOCAL_FR = {"name": "Local French", "lang": "fr-FR", "localService": True}

SUMMARY = "You can register with a GP. You do not need ID."
SUMMARY_AR = "يمكنك التسجيل لدى طبيب عام. لا تحتاج إلى هوية."

# The fake's voices arrive 100 ms after load, as on devices that load them asynchronously; every call
# is logged, and cancel() is also told on the console, which outlives the page.
FAKE = """(() => {
  const voices = %s, log = [], queue = [], listeners = [];
  let ready = false;
  const synth = {
    getVoices: () => ready ? voices : [],
    speak: (u) => { queue.push(u); log.push(["speak", u.text, u.voice && u.voice.name, u.lang]); },
    cancel: () => { log.push(["cancel"]); console.info("speech: cancel"); },
    pause: () => log.push(["pause"]),
    resume: () => log.push(["resume"]),
    addEventListener: (type, listener) => type === "voiceschanged" && listeners.push(listener),
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  window.fakeSpeech = {log, fire: (index, type) => queue[index]["on" + type]({})};
  setTimeout(() => { ready = true; listeners.forEach((listener) => listener()); }, 100);
})();"""


@pytest.fixture(scope="module")
def listen_site(tmp_path_factory) -> Path:
    """The mini project with a free phone line on 'Seeing a doctor' and a partial Arabic translation, built."""
    from generator.config import load_config
    from generator.content import load_content
    from generator.i18n import extract, update_catalogs
    from generator.pipeline import build
    from tests.conftest import _copy_project, replace_in
    from tests.test_i18n import translate

    root = _copy_project(tmp_path_factory.mktemp("listen") / "project")
    with (root / "content/directory.yml").open("a", encoding="utf-8") as directory:
        directory.write("- id: advice-line\n  name: Advice line\n  what: Free advice.\n  phone: \"0808 8010 503\"\n"
                        "  jurisdictions: [uk]\n  sources: [fixture-nhs]\n  last_reviewed: 2026-11-01\n")
    replace_in(root / "content/pages/see-a-doctor.yml", "contacts: [nhs-111]", "contacts: [nhs-111, advice-line]")
    config = load_config(root)
    extract(config, load_content(root))
    update_catalogs(config)
    translate(root, "ar", {"Seeing a doctor": "رؤية الطبيب", SUMMARY: SUMMARY_AR,
                           "Listen to this page": "استمع إلى هذه الصفحة"})
    build(config)
    return root / "site"


def open_page(page, url: str, voices: list[dict]) -> None:
    page.speech = []
    page.on("console", lambda message: message.text.startswith("speech:") and page.speech.append(message.text))
    page.add_init_script(FAKE % json.dumps(voices))
    page.goto(url)


def spoken(page) -> list[list]:
    return [entry[1:] for entry in page.evaluate("window.fakeSpeech.log") if entry[0] == "speak"]


def calls(page) -> list[str]:
    return [entry[0] for entry in page.evaluate("window.fakeSpeech.log")]


def test_listen_reads_the_article_in_order_with_the_devices_own_voice(listen_site, page):
    open_page(page, (listen_site / "en/see-a-doctor.html").as_uri(), [REMOTE_EN, LOCAL_EN])
    play = page.locator(".sta-listen__play")
    play.wait_for()
    assert page.evaluate("document.querySelector('h1').nextElementSibling.className") == "sta-listen"
    assert play.inner_text() == "Listen to this page" and not page.locator(".sta-listen__stop").is_visible()
    play.click()
    said = spoken(page)
    texts = [text for text, _, _ in said]
    assert {(voice, lang) for _, voice, lang in said} == {("Local English", "en-GB")}, "never the remote voice"
    assert texts[:2] == ["Seeing a doctor", SUMMARY]
    order = ['Registering with a GP: "yes", it\'s free', "You can register with a GP surgery near where you live.",
             "You do not need ID.", "What can still be shared",
             "If you owe a hospital £500 or more, the NHS can tell the Home Office."]
    assert [texts.index(text) for text in order] == sorted(texts.index(text) for text in order)
    assert "For medical help that is not an emergency, call 1 1 1." in texts
    assert "Phone: 0 8 0 8, 8 0 1 0, 5 0 3" in texts, "a phone number is read digit by digit"
    assert "Phone: 9 9 9" in texts
    joined = "\n".join(texts)
    for unread in ("[", "Where this information comes from", "How to register with a GP surgery", "Leave this site",
                   "Emergency:", "Listen to this page", "Printable leaflets"):
        assert unread not in joined, unread
    assert page.locator(".sta-listen [role=status]").inner_text() == "Reading aloud"

    page.evaluate("window.fakeSpeech.fire(2, 'start')")
    assert page.locator(".sta-listen-now").inner_text() == texts[2], "the part being read is highlighted"
    assert play.inner_text() == "Pause"
    play.click()
    assert calls(page)[-1] == "pause" and play.inner_text() == "Continue"
    assert page.locator(".sta-listen [role=status]").inner_text() == "Paused"
    page.keyboard.press("Enter")  # the focused button, by keyboard
    assert calls(page)[-1] == "resume" and play.inner_text() == "Pause"
    page.click(".sta-listen__stop")
    assert calls(page)[-1] == "cancel" and play.inner_text() == "Listen to this page"
    assert page.evaluate("document.activeElement.className").endswith("sta-listen__play")
    assert page.locator(".sta-listen-now").count() == 0 and not page.locator(".sta-listen__stop").is_visible()

    play.click()
    page.evaluate(f"window.fakeSpeech.fire({len(said) * 2 - 1}, 'end')")
    assert play.inner_text() == "Listen to this page", "the end of the page resets the control"
    assert page.errors == [] and [url for url in page.requests if not url.startswith("file://")] == []


def test_quick_exit_and_leaving_the_page_stop_the_reading(listen_site, page):
    open_page(page, (listen_site / "en/see-a-doctor.html").as_uri(), [LOCAL_EN])
    page.click(".sta-listen__play")
    page.speech.clear()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)
    assert "speech: cancel" in page.speech
    page.goto((listen_site / "en/see-a-doctor.html").as_uri())
    page.click(".sta-listen__play")
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))")  # as on leaving the page
    assert calls(page)[-1] == "cancel", "leaving the page stops the reading"
    assert page.locator(".sta-listen__play").inner_text() == "Listen to this page"
    page.goto((listen_site / "en/index.html").as_uri())
    page.wait_for_timeout(300)
    assert page.locator(".sta-listen").count() == 0, "only guide pages offer Listen"


def test_arabic_page_is_read_in_arabic_and_its_english_parts_in_english(listen_site, page):
    open_page(page, (listen_site / "ar/see-a-doctor.html").as_uri(), [LOCAL_FR, LOCAL_EN, LOCAL_AR])
    play = page.locator(".sta-listen__play")
    play.wait_for()
    assert play.inner_text() == "استمع إلى هذه الصفحة"
    assert page.locator(".sta-listen").evaluate("box => getComputedStyle(box).direction") == "rtl"
    play.click()
    said = spoken(page)
    title = said.index(["رؤية الطبيب", "Local Arabic", "ar-SA"])
    assert said[title + 1] == [SUMMARY_AR, "Local Arabic", "ar-SA"]
    assert ["This translation is a draft. A person has not checked it yet. It may have mistakes. Read this page "
            "in English", "Local English", "en-GB"] in said[:title], "the draft notice above the title, in English too"
    assert ["You can register with a GP surgery near where you live.", "Local English", "en-GB"] in said[title:]


@pytest.mark.parametrize(("lang", "voices"), [("en", [REMOTE_EN, LOCAL_FR]), ("ar", [LOCAL_EN, LOCAL_FR])])
def test_no_listen_button_without_a_voice_on_the_device_for_the_language(listen_site, page, lang, voices):
    open_page(page, (listen_site / lang / "see-a-doctor.html").as_uri(), voices)
    page.wait_for_timeout(400)  # the voices have arrived
    assert page.evaluate("window.speechSynthesis.getVoices().length") == len(voices)
    assert page.locator(".sta-listen").count() == 0
    assert page.errors == []


def test_listen_is_absent_from_the_html_itself(listen_site):
    for path in listen_site.glob("*/*.html"):
        assert "sta-listen" not in path.read_text(encoding="utf-8"), path
    script, = (listen_site / "en/assets").glob("listen*.js")  # the name may carry a hash of the content
    assert re.search(r'var LABELS\s*=\s*\{"listen":\s*"Listen to this page",\s*"pause":\s*"Pause"',
                     script.read_text(encoding="utf-8"))


@pytest.mark.parametrize("code", ["en", "ar"])
def test_listen_control_meets_wcag_22_aa_at_rest_and_while_reading(listen_site, browser, code):
    from tests.test_quality import AXE, WCAG

    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})  # axe is injected
    tab = context.new_page()
    tab.add_init_script(FAKE % json.dumps([LOCAL_EN, LOCAL_AR]))
    tab.goto((listen_site / code / "see-a-doctor.html").as_uri())
    tab.locator(".sta-listen__play").wait_for()
    tab.add_script_tag(path=str(AXE))
    found = []
    for _ in range(2):
        found += tab.evaluate("""async (tags) => (await axe.run('.sta-listen', {runOnly: {type: 'tag', values: tags}}))
            .violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""", WCAG)
        tab.click(".sta-listen__play")
    sizes = tab.locator(".sta-listen button").evaluate_all("buttons => buttons.map(b => b.offsetHeight)")
    context.close()
    assert found == []
    assert min(sizes) >= 44, "targets are easy to tap"
