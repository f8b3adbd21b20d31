namespace Studio.Web.Components.Pages.Users;

/// <summary>Resource marker for user management (UsersText.resx: zh-CN, UsersText.en.resx: English).</summary>
public sealed class UsersText;
