"""Import of a register's entries from an .xlsx workbook (issue 3, item 6).

The steps: `reader` checks the file (size, zip, macros, encryption), has `scan` stream every XML
part once against the row and content limits before openpyxl opens anything, and reads the sheet
into plain rows; `columns` recognizes the header and maps columns to entry fields; `validation`
turns the rows into a preview with per-cell errors; `storage` keeps the parsed upload between the
steps; and `services.entries_import` writes all rows in one transaction, or none.
"""
