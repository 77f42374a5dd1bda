Attribute VB_Name = "VitalSigns"
' Vital Signs: the Refresh button. Drop the month's extracts into the folder named on the
' Settings sheet, then press Refresh on the Cover or Summary sheet.
Option Explicit

Sub Refresh()
    ' Saves this workbook, then writes this month's figures into it as it stays open: your own sheets,
    ' notes, formulas and commentary are kept, and a copy from before goes to the backups folder.
    RunPython "import vitalsigns_xl.excel; vitalsigns_xl.excel.refresh()"
End Sub
