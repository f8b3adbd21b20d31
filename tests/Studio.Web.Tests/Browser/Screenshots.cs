using Microsoft.Playwright;

namespace Studio.Web.Tests.Browser;

/// <summary>
/// Screenshots of the studio under bin/…/artifacts, each checked for being a real picture (pixel variance,
/// several colours) with Chinese text drawn as glyphs, not as missing-glyph boxes (needs fonts-noto-cjk).
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = System.IO.Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    /// <summary>Saves a full-page screenshot and asserts it is not blank and that Chinese renders.</summary>
    public static async Task<string> SaveAndCheckAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory, name + ".png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        var stats = await MeasureAsync(page.Context, png);
        Assert.True(stats.StdDev > 10, $"{name}.png looks blank: luminance standard deviation {stats.StdDev:0.0}");
        Assert.True(stats.Colours > 16, $"{name}.png has only {stats.Colours} distinct colours");
        await AssertChineseGlyphsAsync(page);
        return path;
    }

    public sealed record PixelStats(double StdDev, int Colours);

    /// <summary>Decodes the PNG in a blank page's canvas (no image library needed) and measures it.</summary>
    public static async Task<PixelStats> MeasureAsync(IBrowserContext context, byte[] png)
    {
        var blank = await context.NewPageAsync();
        try
        {
            var result = await blank.EvaluateAsync<double[]>(
                """
                async (b64) => {
                  const img = new Image();
                  img.src = 'data:image/png;base64,' + b64;
                  await img.decode();
                  const canvas = document.createElement('canvas');
                  canvas.width = img.width; canvas.height = img.height;
                  const ctx = canvas.getContext('2d');
                  ctx.drawImage(img, 0, 0);
                  const data = ctx.getImageData(0, 0, img.width, img.height).data;
                  let sum = 0, sumSq = 0, n = 0;
                  const colours = new Set();
                  for (let i = 0; i < data.length; i += 4 * 7) {
                    const y = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
                    sum += y; sumSq += y * y; n++;
                    if (colours.size < 5000) colours.add((data[i] >> 3) << 10 | (data[i + 1] >> 3) << 5 | (data[i + 2] >> 3));
                  }
                  const mean = sum / n;
                  return [Math.sqrt(Math.max(0, sumSq / n - mean * mean)), colours.size];
                }
                """, Convert.ToBase64String(png));
            return new PixelStats(result[0], (int)result[1]);
        }
        finally
        {
            await blank.CloseAsync();
        }
    }

    /// <summary>
    /// Without a CJK font every Chinese character is the same "tofu" box: draw 话, 术 and a private-use
    /// character (always tofu) with the page's font and require three different bitmaps. Also requires Chinese
    /// text on the page itself.
    /// </summary>
    public static async Task AssertChineseGlyphsAsync(IPage page)
    {
        var text = await page.InnerTextAsync("body");
        Assert.True(text.Any(c => c is >= '\u4e00' and <= '\u9fff'), "no Chinese text on the page");
        var distinct = await page.EvaluateAsync<bool>(
            """
            () => {
              const font = '32px ' + getComputedStyle(document.body).fontFamily;
              const draw = (ch) => {
                const c = document.createElement('canvas'); c.width = 40; c.height = 40;
                const x = c.getContext('2d'); x.font = font; x.fillStyle = '#000'; x.textBaseline = 'top';
                x.fillText(ch, 2, 2);
                return Array.from(x.getImageData(0, 0, 40, 40).data).join(',');
              };
              const a = draw('话'), b = draw('术'), tofu = draw('\uE000');
              return a !== b && a !== tofu && b !== tofu;
            }
            """);
        Assert.True(distinct, "Chinese characters render as identical boxes: is fonts-noto-cjk installed?");
    }
}
