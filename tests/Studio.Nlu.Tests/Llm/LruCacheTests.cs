using Studio.Nlu.Llm;

namespace Studio.Nlu.Tests.Llm;

public sealed class LruCacheTests
{
    [Fact]
    public void Keeps_at_most_its_capacity_evicting_the_least_recently_used()
    {
        var cache = new LruCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("b", 2);
        Assert.True(cache.TryGet("a", out _)); // a is now the most recent
        cache.Set("c", 3);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal(1, a);
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
    }

    [Fact]
    public void Zero_capacity_stores_nothing()
    {
        var cache = new LruCache<string, int>(0);
        cache.Set("a", 1);
        Assert.False(cache.TryGet("a", out _));
    }
}
