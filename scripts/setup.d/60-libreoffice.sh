# Legacy Word/WPS files (.doc, .wps) and spreadsheets (.xls, .et) are
# converted with LibreOffice; the tests also open rendered DOCX files in it
# and print generated reports to PDF with it.
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
