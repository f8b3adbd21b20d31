namespace Studio.Web.Components.Pages.Account;

/// <summary>Resource marker for the sign-in pages' text (AccountText.resx: zh-CN, AccountText.en.resx: English).</summary>
public sealed class AccountText;
