namespace Studio.Nlu.Normalization;

/// <summary>
/// Traditional → simplified Chinese for the characters members are likely to type (about 741
/// characters: everyday words, shopping, calls, complaints). One character maps to one character, so the
/// conversion never changes the text's length. Not a full converter: rare characters pass through.
/// </summary>
public static class TraditionalChinese
{
    // Parallel strings: Traditional[i] becomes Simplified[i]. Written for this product, line by line.
    private static readonly string[] TraditionalLines =
    [
        "們這個說話電號碼為麼麽時間會還沒經買賣錢價貴機務謝請問聽聲開關車後裡裏對點幾兩塊萬億無與來過讓給從門",
        "見現實發髮東導購員體腦動語識認錯擾騷訴舉報煩聯繫係絡刪紅禮優領試驗參歡樂愛業產區戶帳賬單費資訊樣準備",
        "專線網頁視總麗標籤簽記寫讀書學習師傳圖際隊鐘鍾週歲曆歷氣溫熱雲風場廣處辦幫層歸壞將盡應該種隻張條雙雜",
        "廳頭臉膚護藥醫療術團園圓國運遠進連達選邊遲適遞郵鄰鬧響顏題類顧願顯須預額飯飲館魚鳥雞鴨貓馬齊龍軟輕較",
        "輸錄鏈長閒閃閱隨險雖離難靜頻飛養驚鬆齒乾幹麵範壓夠夢婦媽嬰孫寧寶尋爾嚴嗎嘆嘗噴圍彈徑復態慣憂戲戰擁擇",
        "據擔擊擴擺攜敗數斷於暫極構樓檢權殺決況減滿漢潔濃灣災煙燈營爺牆狀獎獨獲環畫異當監盤確礎稱穩窮競筆節簡",
        "糧紀約級紙細終組結絕統綠維緊練縣績續罷義聖聞職脫膽腳臺興舊莊華葉著蘇虧蟲衛補裝製複規覽觀計訂討訓訪設",
        "許評詞詩詳誠誤誰課調談論講證變豐負貨責貼賓質賽贈贊趕跡軍轉輛辭農遊違遺鄉釋針銀銷鋼錶鍵鎖鐵閉陣陳陸靈",
        "順飄飾餅餓餘髒鬥鮮麥黃齡繼寬撥掛囉彆別剛劃勁勞勢協卻厭厲吳呂啟喚噁惡囑塵墊壯壽夾奮妝屆屬島幣帥帶廁廠",
        "廢彙徹憑懶懷戀拋捨掃揚換損搖搶撐擋擠攝攤敵暈曉暢棄榮樹橋檔櫃殘毀湯溝滅漲濕濟灑爐牽獻畢癢盜眾睏磚祕稅",
        "穀窩築籃紋納純絲綁綜編緣縮織繩罰羅聰腸臨蔥藍藝蘋蘭蝦襪親覺觸託詐詢誇誌誼諒謊謙貝財販貧貸貿賀賠賴贏輝",
        "輩邁鄭鈔鋪錦鍋鏡閣闆霧靚頂項頓顆颱飽餵駕駛騙驅鬍鹽嗇嚮囪墳奧孿寢審寵屍峽崗嶄巒幟庫廂廚彎憐憤懸懼戔擬",
        "擱攔敘斃晉棗棧槍橫淚淺渦滯滾漸潤澤濁濫瀉烏熾燒燦燭犢猶獄瑣畝疊瘋癡皺盞碩禍稈穌窯筧糞糰紛紮絞綢綱緩緻",
        "縫纏罈羨聳肅脅脹膠膩艙艱蒼蓋蓮薑薩蘆蠅蠻衝襖訝詛謀謎謹譜譯豬貫貪賜賢賤贓趨踐蹤躍軌載輪轟辮遷邏醞釀鈴",
        "鉛銳鋒錘鍛鏟鑰閘闖陰陽隱雛韋韓韻頌頒頸頰顛颳飢飼餃饅騎騰驕骯鬱魯鯨鳳鴿鵝鶴黨齋龜劵",
    ];

    private static readonly string[] SimplifiedLines =
    [
        "们这个说话电号码为么么时间会还没经买卖钱价贵机务谢请问听声开关车后里里对点几两块万亿无与来过让给从门",
        "见现实发发东导购员体脑动语识认错扰骚诉举报烦联系系络删红礼优领试验参欢乐爱业产区户账账单费资讯样准备",
        "专线网页视总丽标签签记写读书学习师传图际队钟钟周岁历历气温热云风场广处办帮层归坏将尽应该种只张条双杂",
        "厅头脸肤护药医疗术团园圆国运远进连达选边迟适递邮邻闹响颜题类顾愿显须预额饭饮馆鱼鸟鸡鸭猫马齐龙软轻较",
        "输录链长闲闪阅随险虽离难静频飞养惊松齿干干面范压够梦妇妈婴孙宁宝寻尔严吗叹尝喷围弹径复态惯忧戏战拥择",
        "据担击扩摆携败数断于暂极构楼检权杀决况减满汉洁浓湾灾烟灯营爷墙状奖独获环画异当监盘确础称稳穷竞笔节简",
        "粮纪约级纸细终组结绝统绿维紧练县绩续罢义圣闻职脱胆脚台兴旧庄华叶着苏亏虫卫补装制复规览观计订讨训访设",
        "许评词诗详诚误谁课调谈论讲证变丰负货责贴宾质赛赠赞赶迹军转辆辞农游违遗乡释针银销钢表键锁铁闭阵陈陆灵",
        "顺飘饰饼饿余脏斗鲜麦黄龄继宽拨挂啰别别刚划劲劳势协却厌厉吴吕启唤恶恶嘱尘垫壮寿夹奋妆届属岛币帅带厕厂",
        "废汇彻凭懒怀恋抛舍扫扬换损摇抢撑挡挤摄摊敌晕晓畅弃荣树桥档柜残毁汤沟灭涨湿济洒炉牵献毕痒盗众困砖秘税",
        "谷窝筑篮纹纳纯丝绑综编缘缩织绳罚罗聪肠临葱蓝艺苹兰虾袜亲觉触托诈询夸志谊谅谎谦贝财贩贫贷贸贺赔赖赢辉",
        "辈迈郑钞铺锦锅镜阁板雾靓顶项顿颗台饱喂驾驶骗驱胡盐啬向囱坟奥孪寝审宠尸峡岗崭峦帜库厢厨弯怜愤悬惧戋拟",
        "搁拦叙毙晋枣栈枪横泪浅涡滞滚渐润泽浊滥泻乌炽烧灿烛犊犹狱琐亩叠疯痴皱盏硕祸秆稣窑笕粪团纷扎绞绸纲缓致",
        "缝缠坛羡耸肃胁胀胶腻舱艰苍盖莲姜萨芦蝇蛮冲袄讶诅谋谜谨谱译猪贯贪赐贤贱赃趋践踪跃轨载轮轰辫迁逻酝酿铃",
        "铅锐锋锤锻铲钥闸闯阴阳隐雏韦韩韵颂颁颈颊颠刮饥饲饺馒骑腾骄肮郁鲁鲸凤鸽鹅鹤党斋龟券",
    ];

    private static readonly Dictionary<char, char> Map = BuildMap();

    public static int Count => Map.Count;

    public static bool TryConvert(char traditional, out char simplified) => Map.TryGetValue(traditional, out simplified);

    /// <summary>Converts every known traditional character; returns the same instance when nothing changes.</summary>
    public static string ToSimplified(string text)
    {
        char[]? buffer = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (Map.TryGetValue(text[i], out var s))
            {
                buffer ??= text.ToCharArray();
                buffer[i] = s;
            }
        }
        return buffer is null ? text : new string(buffer);
    }

    private static Dictionary<char, char> BuildMap()
    {
        var traditional = string.Concat(TraditionalLines);
        var simplified = string.Concat(SimplifiedLines);
        if (traditional.Length != simplified.Length)
        {
            throw new InvalidOperationException("traditional and simplified tables differ in length");
        }
        var map = new Dictionary<char, char>(traditional.Length);
        for (var i = 0; i < traditional.Length; i++)
        {
            map[traditional[i]] = simplified[i];
        }
        return map;
    }
}
