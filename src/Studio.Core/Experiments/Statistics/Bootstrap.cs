using MathNet.Numerics.Distributions;

namespace Studio.Core.Experiments.Statistics;

/// <summary>
/// Per-member money of one arm, collapsed into atoms: members whose revenue agrees within 1 % (a log-scale bin; zero
/// is its own bin) and whose cost agrees to the jiao share an atom, which keeps their exact sums. Most members have
/// no revenue and the same call cost, so a million members make a few hundred atoms, and a bootstrap over atoms
/// costs a few hundred draws per replicate instead of a million; the spread ignored inside a bin is at most 1 %
/// of a member's value.
/// </summary>
public sealed class MoneySample
{
    /// <summary>1 / ln(1.01): bins 1 % wide.</summary>
    private const double LogBinsPerUnit = 100.49916876971611;

    private readonly Dictionary<(long Revenue, long Cost), int> _index = [];
    private readonly List<(long Count, double Revenue, double Cost)> _atoms = [];

    public long Count { get; private set; }
    public double Revenue { get; private set; }
    public double Cost { get; private set; }

    public int Atoms => _atoms.Count;

    public void Add(double revenue, double cost)
    {
        var key = (revenue <= 0 ? long.MinValue + (long)Math.Round(revenue) : (long)Math.Round(Math.Log(revenue) * LogBinsPerUnit), (long)Math.Round(cost * 10));
        if (_index.TryGetValue(key, out var i))
        {
            var atom = _atoms[i];
            _atoms[i] = (atom.Count + 1, atom.Revenue + revenue, atom.Cost + cost);
        }
        else
        {
            _index[key] = _atoms.Count;
            _atoms.Add((1, revenue, cost));
        }
        Count++;
        Revenue += revenue;
        Cost += cost;
    }

    /// <summary>Revenue per member.</summary>
    public double Mean => Count == 0 ? 0 : Revenue / Count;

    /// <summary>Return on spend: revenue per yuan of cost (投产比), NaN without cost.</summary>
    public double Roi => Cost == 0 ? double.NaN : Revenue / Cost;

    internal IReadOnlyList<(long Count, double Revenue, double Cost)> AtomList => _atoms;
}

/// <summary>Bootstrap replicates of revenue per member and ROI for one arm.</summary>
public sealed record BootstrapReplicates(double[] Mean, double[] Roi);

/// <summary>
/// Seeded Poisson bootstrap (Hanley &amp; MacGibbon 2006; Chamandy et al. 2012): every member is resampled with a
/// Poisson(1) weight, so an atom of c members gets a Poisson(c) weight — one draw per atom instead of one per
/// member. Percentile intervals; the same seed gives the same interval.
/// </summary>
public static class Bootstrap
{
    public const int DefaultReplicates = 1000;

    public static BootstrapReplicates Replicate(MoneySample sample, int replicates = DefaultReplicates, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var random = new Random(seed);
        var mean = new double[replicates];
        var roi = new double[replicates];
        var atoms = sample.AtomList;
        for (var r = 0; r < replicates; r++)
        {
            double weight = 0, revenue = 0, cost = 0;
            foreach (var (count, atomRevenue, atomCost) in atoms)
            {
                var draws = count < 30 ? PoissonSmall(random, count) : Poisson.Sample(random, count);
                if (draws == 0)
                {
                    continue;
                }
                var share = (double)draws / count;
                weight += draws;
                revenue += atomRevenue * share;
                cost += atomCost * share;
            }
            mean[r] = weight == 0 ? 0 : revenue / weight;
            roi[r] = cost == 0 ? double.NaN : revenue / cost;
        }
        return new BootstrapReplicates(mean, roi);
    }

    /// <summary>The central <paramref name="confidence"/> percentile interval of the finite replicates.</summary>
    public static Interval Percentile(IEnumerable<double> replicates, double confidence = 0.95)
    {
        var sorted = replicates.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Interval(double.NaN, double.NaN);
        }
        var tail = (1 - confidence) / 2;
        return new Interval(Quantile(sorted, tail), Quantile(sorted, 1 - tail));
    }

    /// <summary>Interval of a − b from two independent arms' replicates, paired by replicate index.</summary>
    public static Interval Difference(double[] a, double[] b, double confidence = 0.95) =>
        Percentile(a.Zip(b, (x, y) => x - y), confidence);

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    /// <summary>Poisson(λ) for small λ by inversion (the common case: atoms of a few members), without the general sampler's setup.</summary>
    private static int PoissonSmall(Random random, long lambda)
    {
        var u = random.NextDouble();
        var p = lambda == 1 ? 0.36787944117144233 : Math.Exp(-lambda);
        var cumulative = p;
        var k = 0;
        while (u > cumulative && k < 200)
        {
            k++;
            p *= (double)lambda / k;
            cumulative += p;
        }
        return k;
    }
}
