using Studio.Core.Recognition;
using Studio.Nlu.Corpus;
using Studio.Nlu.Normalization;

namespace Studio.Nlu.Tests.Corpus;

public class CorpusTests
{
    private static readonly IReadOnlyList<LabeledExample> Dev = Tsv.Read(RepoPaths.Dev);
    private static readonly IReadOnlyList<LabeledExample> Train8 = Tsv.Read(RepoPaths.Train8);

    [Fact]
    public void The_embedded_corpus_is_the_seed_file()
    {
        Assert.Equal(Tsv.Read(RepoPaths.SystemTsv), SystemCorpus.ZhCn);
    }

    [Fact]
    public void The_system_corpus_has_at_least_40_examples_of_every_canonical_system_intent()
    {
        var counts = SystemCorpus.ZhCn.GroupBy(e => e.Intent).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(SystemIntents.All.Order(), counts.Keys.Order());
        Assert.All(SystemIntents.All, intent => Assert.True(counts[intent] >= 40, $"{intent}: {counts[intent]}"));
    }

    [Fact]
    public void No_corpus_utterance_appears_twice_or_under_two_intents()
    {
        var all = SystemCorpus.ZhCn.Concat(Train8).Concat(Dev).ToList();
        var conflicts = all.GroupBy(e => TextNormalizer.Default.Normalize(e.Text))
            .Where(g => g.Select(e => e.Intent).Distinct().Count() > 1)
            .Select(g => g.Key).ToList();
        Assert.Empty(conflicts);
        Assert.Equal(SystemCorpus.ZhCn.Count, SystemCorpus.ZhCn.Select(e => e.Text).Distinct().Count());
    }

    [Fact]
    public void The_dev_set_has_at_least_30_utterances_of_every_system_intent()
    {
        var counts = Dev.GroupBy(e => e.Intent).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(SystemIntents.All.Order(), counts.Keys.Order());
        Assert.All(SystemIntents.All, intent => Assert.True(counts[intent] >= 30, $"{intent}: {counts[intent]}"));
    }

    [Fact]
    public void No_dev_utterance_is_a_training_example_even_after_normalisation()
    {
        var training = SystemCorpus.ZhCn.Concat(Train8).ToList();
        var raw = training.Select(e => e.Text).ToHashSet(StringComparer.Ordinal);
        var normalized = training.Select(e => TextNormalizer.Default.Normalize(e.Text)).ToHashSet(StringComparer.Ordinal);
        var overlap = Dev.Where(e => raw.Contains(e.Text) || normalized.Contains(TextNormalizer.Default.Normalize(e.Text))).Select(e => e.Text).ToList();
        Assert.Empty(overlap);
    }

    [Fact]
    public void The_dev_set_is_colloquial_has_speech_errors_dialect_particles_and_traditional_characters()
    {
        var texts = Dev.Select(e => e.Text).ToList();
        foreach (var particle in new[] { "咯", "嘛", "撒", "噻" })
        {
            Assert.True(texts.Count(t => t.Contains(particle, StringComparison.Ordinal)) >= 3, $"few '{particle}'");
        }
        Assert.True(texts.Count(t => t.Any(c => TraditionalChinese.TryConvert(c, out _))) >= 10, "few traditional characters");
        Assert.Contains(texts, t => t.Contains("再开车", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("鸡器人", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("别在打", StringComparison.Ordinal));
    }

    [Fact]
    public void Train8_has_eight_examples_of_every_system_intent()
    {
        var counts = Train8.GroupBy(e => e.Intent).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(SystemIntents.All.Order(), counts.Keys.Order());
        Assert.All(counts.Values, n => Assert.Equal(8, n));
    }

    [Theory]
    [InlineData("affirm\t好的\n\n# a comment\ndeny\t不要\n", 2)]
    [InlineData("", 0)]
    public void Tsv_reads_intent_tab_text_lines(string content, int count) => Assert.Equal(count, Tsv.Parse(content).Count);

    [Theory]
    [InlineData("affirm 好的")]
    [InlineData("\t好的")]
    [InlineData("affirm\t")]
    public void Tsv_names_the_line_of_a_malformed_entry(string content)
    {
        var ex = Assert.Throws<FormatException>(() => Tsv.Parse(content, "x.tsv"));
        Assert.StartsWith("x.tsv:1:", ex.Message, StringComparison.Ordinal);
    }
}
