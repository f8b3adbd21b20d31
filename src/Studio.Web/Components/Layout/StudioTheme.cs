using MudBlazor;

namespace Studio.Web.Components.Layout;

/// <summary>The studio's look: one calm primary colour, Chinese-first fonts, dense but readable on a 13" laptop.</summary>
public static class StudioTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1F5FAD",
            Secondary = "#5B6B7F",
            Tertiary = "#0E8A6A",
            Info = "#2D7FD3",
            Success = "#2E8B57",
            Warning = "#C77700",
            Error = "#C62828",
            AppbarBackground = "#FFFFFF",
            AppbarText = "#1F2937",
            Background = "#F5F7FA",
            DrawerBackground = "#FFFFFF",
            DrawerText = "#374151",
            TextPrimary = "#1F2937",
            TextSecondary = "#5B6B7F",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", "Arial", "sans-serif"],
                FontSize = ".875rem",
            },
            H4 = new H4Typography { FontSize = "1.6rem", FontWeight = "600" },
            H5 = new H5Typography { FontSize = "1.3rem", FontWeight = "600" },
            H6 = new H6Typography { FontSize = "1.05rem", FontWeight = "600" },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "200px", DefaultBorderRadius = "6px" },
    };
}
