Attribute VB_Name = "XlDisclosure"
' xl-disclosure: the buttons of the annual report template.
'
' Every button only calls Python; all checks, messages and file writing happen there.
' Desktop mode (default): RunPython runs xl_disclosure.excel on this PC (needs Python with
' "pip install xl-disclosure[excel]").
' Server mode: set the workbook name XD_SERVER_URL (Formulas > Name Manager, refers to
' ="http://server:8765") or the constant below; the buttons then call the office server with
' RunRemotePython and no Python is needed on this PC. XD_SERVER_TOKEN holds the access token
' needed to submit exports to the server.
'
' Keep this file ASCII: user-visible text comes from Python.
Option Explicit

Private Const DEFAULT_SERVER_URL As String = ""
Private Const DEFAULT_SERVER_TOKEN As String = ""

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
    ' A workbook-level defined name holding a text constant overrides the default.
    Dim value As Variant
    Setting = fallback
    On Error GoTo Done
    value = Application.Evaluate(ThisWorkbook.Names(name).RefersTo)
    If VarType(value) = vbString Then Setting = CStr(value)
Done:
End Function
