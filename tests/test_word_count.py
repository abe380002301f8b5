"""Word counts of scripts written without spaces between words (issue 15, item 4):
Chinese and Japanese by characters, Thai, Lao, Khmer and Myanmar by characters over a
typical word length; Korean, written with spaces, by its spaced units."""

from __future__ import annotations

import pytest

from cleaners.record import count_words

# our own sentences ("the delegations of the two countries met again in Geneva"), written
# here with a space between the words as a reader segments them; the pages have none
SEGMENTED = {
    "th": "คณะ ผู้แทน ของ ทั้ง สอง ประเทศ ได้ กลับมา เจรจา รอบ ที่ สาม เรื่อง การ หยุดยิง "
    "ที่ นคร เจนีวา เมื่อ วัน อังคาร",
    "lo": "ຄະນະ ຜູ້ແທນ ຂອງ ສອງ ປະເທດ ໄດ້ ກັບມາ ເຈລະຈາ ກັນ ຢູ່ ນະຄອນ ເຈນີວາ",
    "km": "គណៈប្រតិភូ នៃ ប្រទេស ទាំង ពីរ បាន ត្រឡប់ មក ចរចា គ្នា ម្តងទៀត នៅ ទីក្រុង ហ្សឺណែវ",
    "my": "နှစ် နိုင်ငံ ကိုယ်စားလှယ် အဖွဲ့ များ သည် ဂျနီဗာ မြို့ တွင် ထပ်မံ ဆွေးနွေး ကြ သည်",
}


@pytest.mark.parametrize(("language", "segmented"), SEGMENTED.items())
def test_words_of_a_script_without_spaces_are_estimated(language: str, segmented: str) -> None:
    """Within a quarter of the words a reader counts, where white space sees one."""
    words = len(segmented.split())
    assert 0.75 * words <= count_words(segmented.replace(" ", "")) <= 1.25 * words


@pytest.mark.parametrize("segmented", SEGMENTED.values())
def test_a_sentence_of_phrases_counts_as_much_as_one_run(segmented: str) -> None:
    """A space between phrases (as these scripts write them) changes the count little."""
    words = segmented.split()
    phrases = " ".join("".join(words[start : start + 4]) for start in range(0, len(words), 4))
    assert abs(count_words(phrases) - count_words(segmented.replace(" ", ""))) <= 1


def test_korean_is_counted_by_its_spaces() -> None:
    assert count_words("양국 대표단은 화요일 제네바에서 다시 만났다.") == 6
