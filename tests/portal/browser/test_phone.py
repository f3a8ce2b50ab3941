"""The upload page on a phone: a commune officer often has nothing else.

On a phone-sized screen (393 × 851 CSS pixels, touch) the page must not be
wider than the screen (no sideways scrolling to find the button), and the file
picker and the send button must be on screen and big enough to tap.
"""

from __future__ import annotations

from typing import Any

from .conftest import LivePortal, new_page, screenshot

PASSWORD = "chiso-demo"
# Xã Kim Thượng sent a hand-made sheet in 2024: its page has findings to show too.
COMMUNE = "08572"
PERIOD = "2024"
PHONE_WIDTH = 393
# Apple's and Google's guidance: a touch target of at least 44 pt / 48 dp; 40 CSS
# pixels is the least this test lets pass.
TAP_TARGET = 40


def test_upload_page_fits_a_phone_screen(demo_portal: LivePortal, browser: Any) -> None:
    page = new_page(browser, demo_portal, phone=True)
    page.goto("/login/")
    screenshot(page, "phone-01-login")
    page.fill("#id_username", COMMUNE)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector('[data-testid="whoami"]')
    screenshot(page, "phone-02-home")
    page.goto(f"/unit/{COMMUNE}/{PERIOD}/")
    page.wait_for_selector('[data-testid="upload-form"]')
    screenshot(page, "phone-03-upload")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"the page is {width}px wide on a {PHONE_WIDTH}px screen"
    for testid in ("workbook-input", "upload-submit", "template-download"):
        box = page.locator(f'[data-testid="{testid}"]').bounding_box()
        assert box is not None, f"{testid} is not shown"
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, (testid, box)
        assert box["height"] >= TAP_TARGET, (testid, box)
    page.context.close()
