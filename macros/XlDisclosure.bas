Attribute VB_Name = "XlDisclosure"
' xl-disclosure: the buttons of the annual report template.
'
' Every button only calls Python; all checks, messages and file writing happen there.
' Desktop mode (default): RunPython runs xl_disclosure.excel on this PC (needs Python with
' "pip install xl-disclosure[excel]"). Python is found as xlwings finds it: an xlwings.conf
' file next to the workbook, the user's %USERPROFILE%\.xlwings\xlwings.conf (written by
' "xl-disclosure excel-setup"), or python on PATH. Without it, one message is shown here.
' Server mode: the workbook names XD_SERVER_URL and XD_SERVER_TOKEN exist in every template
' (empty); "xl-disclosure build-xlsm --server-url URL --server-token TOKEN" (or prefill) fills
' them. The buttons then call the office server with RunRemotePython and no Python is needed
' on this PC; the token is needed to submit exports to the server.
'
' Keep this file ASCII: user-visible text comes from Python. The texts shown when Python is
' missing are UTF-16 code units in hex (xl_disclosure.excel.desktop.vba_text), decoded by Zh.
Option Explicit

Private Const DEFAULT_SERVER_URL As String = ""
Private Const DEFAULT_SERVER_TOKEN As String = ""
Private Const MSG_NO_PYTHON As String = "672A 627E 5230 0020 0050 0079 0074 0068 006F 006E FF0C 6309 94AE 65E0 6CD5 8FD0 884C 3002 8BF7 5B89 88C5 0020 0050 0079 0074 0068 006F 006E 0020 0033 002E 0031 0031 0020 6216 4EE5 4E0A 7248 672C FF0C 5728 547D 4EE4 884C 8FD0 884C 0020 0070 0069 0070 0020 0069 006E 0073 0074 0061 006C 006C 0020 0078 006C 002D 0064 0069 0073 0063 006C 006F 0073 0075 0072 0065 005B 0065 0078 0063 0065 006C 005D 0020 548C 0020 0078 006C 002D 0064 0069 0073 0063 006C 006F 0073 0075 0072 0065 0020 0065 0078 0063 0065 006C 002D 0073 0065 0074 0075 0070 FF1B 4E0D 80FD 5B89 88C5 65F6 FF0C 8BF7 6539 7528 670D 52A1 5668 6A21 5F0F 3001 6807 8BB0 526F 672C 6216 6821 9A8C 7F51 9875 FF08 89C1 0020 0064 006F 0063 0073 002F 0065 0078 0063 0065 006C 002E 006D 0064 FF09 3002"
Private Const MSG_TITLE As String = "653F 5E9C 4FE1 606F 516C 5F00 5E74 5EA6 62A5 544A"

Public Sub BtnValidate()
    Dispatch "validate"
End Sub

Public Sub BtnExportJson()
    Dispatch "export_json"
End Sub

Public Sub BtnExportDraft()
    Dispatch "export_draft"
End Sub

Public Sub BtnClearMarks()
    Dispatch "clear_marks"
End Sub

Private Sub Dispatch(ByVal action As String)
    Dim url As String, token As String
    url = Setting("XD_SERVER_URL", DEFAULT_SERVER_URL)
    If url = "" Then
        If Not PythonFound() Then
            MsgBox Zh(MSG_NO_PYTHON), vbCritical, Zh(MSG_TITLE)
            Exit Sub
        End If
        RunPython "import xl_disclosure.excel as xd; xd." & action & "()"
    Else
        token = Setting("XD_SERVER_TOKEN", DEFAULT_SERVER_TOKEN)
        If token = "" Then
            RunRemotePython url & "/xlwings/" & action
        Else
            RunRemotePython url & "/xlwings/" & action, "Bearer " & token
        End If
    End If
End Sub

Private Function Setting(ByVal name As String, ByVal fallback As String) As String
    ' A workbook-level defined name holding a non-empty text constant overrides the default.
    Dim value As Variant
    Setting = fallback
    On Error GoTo Done
    value = Application.Evaluate(ThisWorkbook.Names(name).RefersTo)
    If VarType(value) = vbString Then
        If value <> "" Then Setting = CStr(value)
    End If
Done:
End Function

Private Function PythonFound() As Boolean
    ' The interpreter xlwings' RunPython will start: a configured path, or python on PATH.
#If Mac Then
    PythonFound = True
#Else
    Dim interpreter As String, folders() As String, i As Long, folder As String
    interpreter = GetConfig("INTERPRETER_WIN", "")
    If interpreter = "" Then interpreter = GetConfig("INTERPRETER", "python")
    If LCase$(interpreter) <> "python" And LCase$(interpreter) <> "pythonw" Then
        PythonFound = FileUsable(interpreter)
        Exit Function
    End If
    folders = Split(Environ$("PATH"), ";")
    For i = LBound(folders) To UBound(folders)
        folder = Replace(Trim$(folders(i)), Chr(34), "")
        If folder <> "" Then
            If Right$(folder, 1) <> "\" Then folder = folder & "\"
            If FileUsable(folder & "python.exe") Then
                PythonFound = True
                Exit Function
            End If
        End If
    Next i
#End If
End Function

Private Function FileUsable(ByVal path As String) As Boolean
    ' Windows' "app execution alias" python.exe (WindowsApps) is an empty file that opens the
    ' Microsoft Store instead of running Python: it does not count.
    On Error GoTo Done
    If Len(Dir$(path)) > 0 Then FileUsable = (FileLen(path) > 0)
Done:
End Function

Private Function Zh(ByVal codes As String) As String
    ' Space-separated hex UTF-16 code units -> text (ChrW also takes the negative Integer
    ' values CLng gives for &H8000 and above).
    Dim parts() As String, i As Long
    parts = Split(codes, " ")
    For i = LBound(parts) To UBound(parts)
        Zh = Zh & ChrW(CLng("&H" & parts(i)))
    Next i
End Function
