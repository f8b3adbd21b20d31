using Studio.Core.Testing.Stories;

namespace Studio.Core.Testing.Tests.Stories;

public class StoryRunnerTests
{
    [Fact]
    public void Passing_stories_pass()
    {
        var results = StoryRunner.RunFile(Path.Combine(RepoPaths.Fixtures, "smoke.stories.yaml"));
        Assert.Equal(["同意加微", "拒绝再联系"], results.Select(r => r.Story));
        Assert.All(results, r => Assert.True(r.Passed, r.Failure));
    }

    [Fact]
    public void A_failing_step_says_what_was_expected_and_shows_the_transcript_up_to_it()
    {
        var result = Assert.Single(StoryRunner.RunFile(Path.Combine(RepoPaths.Fixtures, "broken.stories.yaml")));
        Assert.False(result.Passed);
        Assert.StartsWith("step 1 (user: 是我): expected intent 'deny' but was 'affirm'", result.Failure);
        Assert.Contains("BOT  [greet] 您好,请问是张女士吗?", result.Failure);
        Assert.Contains("USER 是我", result.Failure);
        Assert.Contains("→ affirm 0.90 (keyword)", result.Failure);
    }

    [Fact]
    public void A_directory_run_finds_every_stories_file()
    {
        var summary = StoryRunner.RunDirectory(RepoPaths.Fixtures);
        Assert.Equal(3, summary.Results.Count);
        Assert.Equal((2, 1), (summary.Passed, summary.Failed));
        Assert.Contains(summary.Results, r => r.File == "broken");
    }

    [Theory]
    [InlineData("stories:\n  - name: x\n    steps:\n      - usr: 好的\n", "line 4")]
    [InlineData("stories:\n  - name: x\n    steps:\n      - user: 好的\n        dtmf: \"1\"\n", "one input per step")]
    [InlineData("stories:\n  - steps: []\n", "story #1 has no name")]
    [InlineData("stories:\n  - name: x\n    steps:\n      - user: 好\n      - bot: 你好\n", "only the first step may omit the input")]
    [InlineData("stories: [\n", "invalid stories file")]
    public void A_bad_stories_file_is_reported_with_its_place(string yaml, string expected)
    {
        var ex = Assert.Throws<StoryFormatException>(() => StoryRunner.Parse(yaml));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void A_stories_file_whose_script_is_missing_fails_clearly()
    {
        var dir = Directory.CreateTempSubdirectory("stories-");
        File.WriteAllText(Path.Combine(dir.FullName, "ghost.stories.yaml"), "stories:\n  - name: x\n    steps: []\n");
        var result = Assert.Single(StoryRunner.RunDirectory(dir.FullName).Results);
        Assert.False(result.Passed);
        Assert.Contains("the script ghost.json cannot be read", result.Failure);
    }
}
