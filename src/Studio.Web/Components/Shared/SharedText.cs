namespace Studio.Web.Components.Shared;

/// <summary>Resource marker for the shared components' text (SharedText.resx: zh-CN, SharedText.en.resx: English).</summary>
public sealed class SharedText;
