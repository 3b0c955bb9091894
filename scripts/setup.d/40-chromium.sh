# The summary and compare HTML pages are checked in a real browser: the
# tests render them in headless Chromium and save screenshots (skipped with
# a message when chromium is absent). fonts-noto-cjk makes Chinese render.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
