using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace Studio.Web.Components.Layout;

/// <summary>Which navigation targets exist in this build (a section another team adds lights up in the menu by itself).</summary>
public static class NavTargets
{
    private static readonly Lazy<HashSet<string>> Routes = new(() =>
        [.. typeof(NavTargets).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template.TrimEnd('/').ToLowerInvariant())]);

    public static bool Exists(string route) => Routes.Value.Contains(route.TrimEnd('/').ToLowerInvariant());
}
