namespace Studio.Web.Components.Layout;

/// <summary>Resource marker for the shell's text (LayoutText.resx: zh-CN, LayoutText.en.resx: English).</summary>
public sealed class LayoutText;
