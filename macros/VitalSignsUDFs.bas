Attribute VB_Name = "VitalSignsUDFs"
' Excel functions of Vital Signs. Generated from vitalsigns_xl/udfs.py by
' `python -m vitalsigns_xl.udfs`: change the Python, not this file.
Option Explicit

Function VS_RAG(value, target, polarity, Optional tolerance)
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    VS_RAG = XLPy.CallUDF("vitalsigns_xl.udfs", "VS_RAG", Array(value, target, polarity, tolerance), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    VS_RAG = Err.Description
End Function

Function VS_RAG_BAND(value, low, high, Optional tolerance)
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    VS_RAG_BAND = XLPy.CallUDF("vitalsigns_xl.udfs", "VS_RAG_BAND", Array(value, low, high, tolerance), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    VS_RAG_BAND = Err.Description
End Function

Function VS_DIRECTION(current, previous, polarity, Optional decimals, Optional low, Optional high)
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    VS_DIRECTION = XLPy.CallUDF("vitalsigns_xl.udfs", "VS_DIRECTION", Array(current, previous, polarity, decimals, low, high), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    VS_DIRECTION = Err.Description
End Function

Function VS_RATE_PER_10K(count, population)
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    VS_RATE_PER_10K = XLPy.CallUDF("vitalsigns_xl.udfs", "VS_RATE_PER_10K", Array(count, population), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    VS_RATE_PER_10K = Err.Description
End Function

Function VS_WORKING_DAYS(start_date, end_date)
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    VS_WORKING_DAYS = XLPy.CallUDF("vitalsigns_xl.udfs", "VS_WORKING_DAYS", Array(start_date, end_date), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    VS_WORKING_DAYS = Err.Description
End Function

Function VS_ROLLING12(values)
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    VS_ROLLING12 = XLPy.CallUDF("vitalsigns_xl.udfs", "VS_ROLLING12", Array(values), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    VS_ROLLING12 = Err.Description
End Function

Function VS_SPC(values, Optional polarity, Optional target)
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    VS_SPC = XLPy.CallUDF("vitalsigns_xl.udfs", "VS_SPC", Array(values, polarity, target), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    VS_SPC = Err.Description
End Function

Function VS_SPC_LIMITS(values)
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    VS_SPC_LIMITS = XLPy.CallUDF("vitalsigns_xl.udfs", "VS_SPC_LIMITS", Array(values), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    VS_SPC_LIMITS = Err.Description
End Function

Function VS_VALUE(indicator, period, Optional breakdown)
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    VS_VALUE = XLPy.CallUDF("vitalsigns_xl.udfs", "VS_VALUE", Array(indicator, period, breakdown, ThisWorkbook.Worksheets("Data").ListObjects("DataTable").Range.Value), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    VS_VALUE = Err.Description
End Function
