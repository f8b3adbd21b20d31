namespace Studio.Web.Components.Tester;

/// <summary>The tester's texts: TesterText.resx (zh-CN, the default) and TesterText.en.resx, through IStringLocalizer&lt;TesterText&gt;.</summary>
public sealed class TesterText;
