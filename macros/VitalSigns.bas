Attribute VB_Name = "VitalSigns"
' Vital Signs: the Refresh button. Drop the month's extracts into the folder named on the
' Settings sheet, then press Refresh on the Cover or Summary sheet.
Option Explicit

Sub Refresh()
    ' Saves this workbook, rebuilds it from the extracts (officer commentary is kept), and reopens it.
    RunPython "import vitalsigns_xl.excel; vitalsigns_xl.excel.refresh()"
End Sub
