namespace Studio.Web.Components.Pages.Scripts;

/// <summary>Resource marker for the publish page (PublishText.resx: zh-CN, PublishText.en.resx: English).</summary>
public sealed class PublishText;
