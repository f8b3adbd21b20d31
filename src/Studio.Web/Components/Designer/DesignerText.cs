namespace Studio.Web.Components.Designer;

/// <summary>Resource marker for the designer's text (DesignerText.resx: zh-CN, DesignerText.en.resx: English).</summary>
public sealed class DesignerText;
