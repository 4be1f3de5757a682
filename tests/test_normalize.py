from hypothesis import given, strategies as st

from newsgrep.normalize import fold, fold_with_origins


def test_spaces_between_chinese_characters_are_dropped():
    assert fold("加 强 常 态 化") == "加强常态化"


def test_line_breaks_inside_chinese_text_are_joined():
    assert fold("杨浦区代表\n处") == "杨浦区代表处"


def test_space_between_digits_and_chinese_is_dropped():
    assert fold("100 万元") == "100万元"


def test_one_space_stays_between_latin_words():
    assert fold("Jonathan   Mitchell") == "jonathan mitchell"


def test_full_width_forms_fold_to_half_width():
    assert fold("ＨＣＳ业务部") == "hcs业务部"
    assert fold("（下转第４版）") == "(下转第4版)"


def test_traditional_characters_fold_to_simplified():
    assert fold("華為") == "华为"
    assert fold("楊浦時報") == "杨浦时报"


def test_case_folds():
    assert fold("Web3.0") == "web3.0"


def test_zero_width_characters_disappear():
    assert fold("华\u200b为\ufeff") == "华为"


def test_origins_point_at_original_characters():
    folded, origins = fold_with_origins("加 强\nＨＣＳ")
    assert folded == "加强hcs"
    assert origins == [0, 2, 4, 5, 6]


text_samples = st.text(
    alphabet=st.sampled_from(list("华为杨浦時報ＨＣＳab 1\n\t\u3000，。“”\u200b①…ẞß")), max_size=40)


@given(text_samples)
def test_fast_and_mapped_folds_agree(text):
    folded, origins = fold_with_origins(text)
    assert folded == fold(text)
    assert len(origins) == len(folded)
    assert origins == sorted(origins)


@given(st.text(max_size=60))
def test_fold_with_origins_agrees_on_any_text(text):
    assert fold_with_origins(text)[0] == fold(text)


def test_a_number_broken_by_a_line_break_folds_whole():
    # 待游客1 / 442万: the column wrapped inside a number; a reader (and a query) sees 1442.
    assert fold("接待游客1\n442万人次") == fold("接待游客1442万人次")
    assert fold("增长12.\n5%") == fold("增长12.5%")
    assert fold("共1,\n200人，占3\n%") == fold("共1,200人，占3%")
    assert fold("Mr.\nSmith") == "mr. smith"  # a break between words stays a space
    folded, origins = fold_with_origins("游客1\n442万")
    assert folded == "游客1442万" and origins == [0, 1, 2, 4, 5, 6, 7]


def test_spaces_between_numbers_on_one_line_stay():
    assert fold("1 2") == "1 2"
