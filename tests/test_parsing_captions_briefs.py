"""Photo captions and briefs (简讯): forms real papers print that no seed shows.

A caption ('图为活动现场。 记者 杜娜 摄') is no text of its story, and its photographer is one
of the story's authors; a brief prints its title run into its text ('【标题】正文…',
'■标题 正文…'), and every brief is an article of its own.
"""
from newsgrep.ingest.parsing import parse_page
from newsgrep.ingest.parsing.bylines import caption_credit

BODY = "　　区里今年新建的口袋公园已经全部开放，附近居民每天都来散步健身，大家都说环境比原来好多了。"


def _column(text: str, width: int = 14) -> list[str]:
    """Hard-wrap a paragraph at `width` characters, keeping its indent on the first line."""
    return [text[i:i + width] for i in range(0, len(text), width)]


def test_caption_credit_reads_the_photographer():
    assert caption_credit("图为活动现场。 记者 杜娜 摄") == ("杜娜",)
    assert caption_credit("上图：市民排队购票（本报记者 张三 摄）") == ("张三",)
    assert caption_credit("图为当天的比赛现场。") == ()
    assert caption_credit("▲参赛选手在比赛中。 记者 余艳波 摄") == ("余艳波",)  # an arrow at the picture
    assert caption_credit("▲接第1版") is None
    assert caption_credit("游客在景区游览。 方然英 摄") == ("方然英",)  # a plain clause its photo credit closes
    assert caption_credit("施工人员在项目现场作业。（孟萱海摄）") == ("孟萱海",)
    assert caption_credit("但如此这般，板子高高扬起，只怕是hold不住。本报记者 万杰琪摄") is None  # a story's last words
    assert caption_credit("本报记者 张三 摄") is None  # a credit, not a caption
    long_text = "图为" + "记者在现场看到，市民们排着长队等候入场，" * 5
    assert caption_credit(long_text) is None  # a paragraph that opens with 图为 and runs on


def test_caption_after_a_story_is_neither_body_nor_a_title_in_columns():
    page = "\n".join(
        ["", "", "口袋公园开放", "本报记者 王明", *_column(BODY), *_column(BODY), "",
         "图为新建成的设施一角。 本报记", "者 余玲俊 摄", "", "",
         "老旧小区加装电梯", "本报记者 李华", *_column(BODY.replace("口袋公园", "电梯")), *_column(BODY), ""])
    arts = parse_page(page)
    assert [a.title for a in arts] == ["口袋公园开放", "老旧小区加装电梯"]
    assert arts[0].authors == ("王明", "余玲俊")
    assert "图为" not in arts[0].body and "图为" not in arts[1].body


def test_briefs_with_bracketed_run_in_titles_are_articles_of_their_own():
    briefs = [
        "　　【电白区纪委监委高效处理信访件】今年8月底，省委巡视组到电白区开展巡视工作，"
        "目前转办信件已全部交办，办结率91%。（记者 任琪晨 通讯员 孔嘉国）",
        "　　【城区新增三处公共停车场】记者从区交通部门获悉，城区新建的三处公共停车场本周"
        "投入使用，共提供车位六百余个。（记者 石国）",
    ]
    story = ["", "", "口袋公园开放", "本报记者 王明", *_column(BODY), *_column(BODY), ""]
    page = "\n".join(story + [l for b in briefs for l in _column(b) + [""]])
    arts = parse_page(page)
    assert [a.title for a in arts] == ["口袋公园开放", "电白区纪委监委高效处理信访件", "城区新增三处公共停车场"]
    assert arts[1].authors == ("任琪晨", "孔嘉国") and arts[2].authors == ("石国",)
    assert arts[1].body.startswith("今年8月底") and "石国" not in arts[2].body


def test_marked_run_in_title_opens_a_brief_but_a_marked_line_alone_is_a_subhead():
    brief = "　　■无处申冤:上海青浦中医医院误诊致人死亡 2015年7月18日是我这一生最痛苦的一天，这天早上我的丈夫停止了呼吸。"
    story = ["", "", "社区医院服务升级", "本报记者 王明", *_column(BODY), "　　■温情服务", *_column(BODY), ""]
    arts = parse_page("\n".join(story + _column(brief) + [""]))
    assert [a.title for a in arts] == ["社区医院服务升级", "无处申冤:上海青浦中医医院误诊致人死亡"]
    assert "温情服务" in arts[0].body  # the lone marked line stays a sub-head of its story
    assert arts[1].body.startswith("2015年7月18日")


def test_briefs_with_marked_titles_on_lines_of_their_own_lose_the_mark():
    items = [("●南宁城管开展水上执法", "　　城管部门本月开展水上执法行动，处置违法行为二百九十次，清理违规船只三十艘。（记者 石国）"),
             ("●耶路撒冷中央车站发生持刀袭击事件", "　　当地时间周日，耶路撒冷中央车站发生一起持刀袭击事件，警方已控制嫌疑人。")]
    lines = ["", "", "口袋公园开放", "本报记者 王明", *_column(BODY), *_column(BODY), "", "新闻速览", ""]
    for title, text in items:
        lines += [title, *_column(text), ""]
    arts = parse_page("\n".join(lines))
    assert [a.title for a in arts] == ["口袋公园开放", "南宁城管开展水上执法", "耶路撒冷中央车站发生持刀袭击事件"]


def test_an_exclaiming_line_under_a_closing_credit_is_the_next_title_on_a_tight_page():
    story = "　　网络发帖本来是网民表达见解的平台，其中不乏尖锐观点和辛辣点评，也成了获取民情民意的重要渠道。"
    nxt = "　　国家税务总局发布公告，增值税发票税控开票软件税率栏次默认显示调整后税率，纳税人可以手工修改。"
    lines = ["起底网络水军", *_column(story, 18), "（余娜）", "    5月1日起税率调整，你关注的10大问题全在这里!",
             *_column(nxt, 18)]
    arts = parse_page("\n".join(lines))
    assert [a.title for a in arts][-1] == "5月1日起税率调整，你关注的10大问题全在这里!"
    assert arts[-1].body.startswith("国家税务总局")


def test_a_traditional_caption_closes_the_paragraph_above_and_a_headline_under_it_opens_a_story():
    story = "　　商家將接受調查，並根據處罰辦法第六條第四款的規定，對其進行立案調查。"
    nxt = "　　獨角獸簡直是打一巴掌給一個糖吃，一開始是各種消息刺激大漲，然後監管層潑冷水。"
    page = "\n".join(["", "", "香港北角車禍死亡人數增至4人", "記者 鍾婷鵬", *_column(story, 16), *_column(story, 16),
                      "圖爲活動現場。  白明 攝", "馬雲爸爸來了", *_column(nxt, 16), "數據背後的變化", *_column(nxt, 16), ""])
    arts = parse_page(page)
    assert [a.title for a in arts] == ["香港北角車禍死亡人數增至4人", "馬雲爸爸來了"]
    assert arts[0].authors == ("鍾婷鵬", "白明") and "圖爲" not in arts[0].body
