#!/usr/bin/env python3
"""Baseline for docs/performance.md: what a user would script with pdfplumber
(pip install pdfplumber): open each PDF, pull every table and the text.
Usage: scripts/bench/pdfplumber_baseline.py DIR_WITH_PDFS"""
import sys, time, glob, pdfplumber
files = sorted(glob.glob(sys.argv[1] + "/*.pdf"))
t = time.time()
cells = 0
for f in files:
    with pdfplumber.open(f) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                cells += sum(len(r) for r in table)
            page.extract_text()
dt = time.time() - t
print(f"{len(files)} PDFs in {dt:.2f} s = {len(files)/dt:.1f} per second; {cells} table cells found")
