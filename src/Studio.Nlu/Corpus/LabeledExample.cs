using System.Globalization;
using System.Text;

namespace Studio.Nlu.Corpus;

/// <summary>One training or test utterance with its intent.</summary>
public sealed record LabeledExample(string Intent, string Text);

/// <summary>Reads and writes the corpus format: one <c>intent&lt;TAB&gt;text</c> per line; blank lines and <c>#</c> comments are skipped.</summary>
public static class Tsv
{
    public static IReadOnlyList<LabeledExample> Parse(string content, string source = "tsv")
    {
        ArgumentNullException.ThrowIfNull(content);
        var examples = new List<LabeledExample>();
        var lineNumber = 0;
        foreach (var raw in content.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || tab == line.Length - 1)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{source}:{lineNumber}: expected 'intent<TAB>text'"));
            }
            var intent = line[..tab].Trim();
            var text = line[(tab + 1)..].Trim();
            if (intent.Length == 0 || text.Length == 0 || text.Contains('\t', StringComparison.Ordinal))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{source}:{lineNumber}: expected 'intent<TAB>text'"));
            }
            examples.Add(new LabeledExample(intent, text));
        }
        return examples;
    }

    public static IReadOnlyList<LabeledExample> Read(string path) => Parse(File.ReadAllText(path, Encoding.UTF8), path);

    public static string Format(IEnumerable<LabeledExample> examples) =>
        string.Concat(examples.Select(e => e.Intent + "\t" + e.Text + "\n"));
}
