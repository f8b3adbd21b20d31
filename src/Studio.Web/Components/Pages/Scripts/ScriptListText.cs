namespace Studio.Web.Components.Pages.Scripts;

/// <summary>Resource marker for the scripts list (ScriptListText.resx: zh-CN, ScriptListText.en.resx: English).</summary>
public sealed class ScriptListText;
