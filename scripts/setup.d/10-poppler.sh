# PDF text layers are read with poppler's pdftotext; without poppler-data it
# silently drops Chinese text, so both are required.
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -d /usr/share/poppler/cMap ] || need+=(poppler-data)
