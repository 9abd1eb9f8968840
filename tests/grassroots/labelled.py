"""A labelled sample for the duplicate matcher, written by hand: matters, each told in several
ways (with and without diacritics, short and long, different words) by different people.

Pairs: every two texts of one matter are duplicates (label 1); texts of different matters are
not (label 0): all pairs within the same category (the hard ones, sharing vocabulary) plus a
fixed sample across categories. `pairs()` yields (text_a, text_b, label).
"""

import itertools

MATTERS = [
    (
        "land",
        [
            "Đề nghị xem xét lại đơn giá bồi thường đất nông nghiệp đoạn Vành đai 4 qua thôn Đông, giá quá thấp so với thị trường",
            "Giá đền bù đất ruộng ở thôn Đông để làm đường Vành đai 4 thấp, dân không đồng ý",
            "de nghi tang gia boi thuong dat nong nghiep du an vanh dai 4 thon Dong",
            "Nhiều hộ thôn Đông phản đối mức bồi thường đất nông nghiệp thu hồi cho Vành đai 4",
        ],
    ),
    (
        "land",
        [
            "Chưa được bố trí đất tái định cư dù đã bàn giao mặt bằng Vành đai 4 từ tháng trước",
            "Gia đình đã giao mặt bằng đường Vành đai 4 nhưng chưa có suất tái định cư",
            "chua nhan duoc dat tai dinh cu sau khi ban giao mat bang vanh dai 4",
            "Đề nghị sớm giao đất tái định cư cho các hộ đã bàn giao mặt bằng dự án Vành đai 4",
        ],
    ),
    (
        "land",
        [
            "Hàng xóm lấn chiếm ngõ đi chung, xây tường rào sang phần đất lối đi",
            "Nhà bên cạnh xây tường lấn ra lối đi chung của ngõ",
            "tranh chap loi di chung, nha hang xom xay rao lan ngo",
            "Phản ánh việc xây tường rào lấn chiếm ngõ đi chung của các hộ trong xóm",
        ],
    ),
    (
        "land",
        [
            "Cấp giấy chứng nhận quyền sử dụng đất chậm, nộp hồ sơ đã 6 tháng chưa có sổ đỏ",
            "Hồ sơ cấp sổ đỏ của tôi nộp từ đầu năm đến nay vẫn chưa được giải quyết",
            "cham cap so do, ho so cap giay chung nhan qua han nhieu thang",
            "Đề nghị đẩy nhanh việc cấp giấy chứng nhận quyền sử dụng đất đã quá hạn",
        ],
    ),
    (
        "land",
        [
            "Đo đạc sai diện tích thu hồi đất của gia đình khi kiểm đếm giải phóng mặt bằng",
            "Biên bản kiểm đếm ghi thiếu diện tích đất bị thu hồi so với thực tế",
            "kiem dem sai dien tich dat thu hoi, de nghi do lai",
            "Gia đình đề nghị đo đạc lại diện tích đất thu hồi vì số liệu kiểm đếm không đúng",
        ],
    ),
    (
        "environment",
        [
            "Xưởng gỗ trong khu dân cư gây tiếng ồn và bụi cả ngày lẫn đêm",
            "Cơ sở sản xuất đồ gỗ chạy máy ồn, bụi mùn cưa bay vào nhà dân",
            "xuong go gay on va bui trong khu dan cu",
            "Đề nghị xử lý xưởng cưa xẻ gỗ gây ô nhiễm tiếng ồn, bụi cho các hộ xung quanh",
        ],
    ),
    (
        "environment",
        [
            "Rác thải tập kết tràn ra đường ở đầu ngõ 12 Hàng Bông, bốc mùi hôi",
            "Điểm tập kết rác đầu ngõ 12 Hàng Bông không được thu gom, mùi hôi thối",
            "rac ton dong dau ngo 12 hang bong boc mui",
            "Đề nghị thu gom rác thường xuyên tại điểm tập kết ngõ 12 phố Hàng Bông",
        ],
    ),
    (
        "environment",
        [
            "Nhà hàng karaoke hát to quá 23 giờ đêm làm mất ngủ",
            "Quán karaoke mở nhạc ầm ĩ đến khuya, vi phạm giờ yên tĩnh",
            "karaoke hat to sau 23h dem anh huong nghi ngoi",
            "Phản ánh tiếng ồn từ quán hát karaoke sau 11 giờ đêm",
        ],
    ),
    (
        "environment",
        [
            "Nước thải từ trại chăn nuôi lợn chảy ra mương, ô nhiễm nguồn nước tưới",
            "Trang trại lợn xả nước thải ra kênh mương gây hôi thối, cá chết",
            "trai lon xa nuoc thai ra muong lam o nhiem",
            "Đề nghị kiểm tra trại nuôi lợn xả chất thải ra mương thủy lợi của thôn",
        ],
    ),
    (
        "environment",
        [
            "Đốt rơm rạ sau thu hoạch gây khói mù mịt khu dân cư",
            "Người dân đốt rơm ngoài đồng, khói bay vào nhà rất khó thở",
            "dot rom ra khoi bui anh huong suc khoe",
            "Phản ánh tình trạng đốt rơm rạ gây ô nhiễm không khí buổi chiều",
        ],
    ),
    (
        "order",
        [
            "Nhóm thanh niên tụ tập đua xe máy, nẹt pô trên đường Đinh Tiên Hoàng ban đêm",
            "Đêm nào cũng có thanh niên đua xe, rú ga quanh hồ trên phố Đinh Tiên Hoàng",
            "dua xe trai phep, no po ban dem pho dinh tien hoang",
            "Đề nghị công an xử lý tình trạng đua xe, nẹt pô đêm khuya phố Đinh Tiên Hoàng",
        ],
    ),
    (
        "order",
        [
            "Hàng quán lấn chiếm vỉa hè phố Hàng Bạc, người đi bộ phải xuống lòng đường",
            "Vỉa hè Hàng Bạc bị bày bán hàng kín hết, không có lối đi bộ",
            "lan chiem via he pho hang bac de kinh doanh",
            "Phản ánh việc kinh doanh lấn chiếm vỉa hè trên phố Hàng Bạc",
        ],
    ),
    (
        "order",
        [
            "Nghi có hoạt động cho vay nặng lãi, dán tờ rơi khắp cột điện trong thôn",
            "Xuất hiện tờ rơi quảng cáo vay tiền lãi cao dán trên cột điện, tường nhà",
            "to roi cho vay nang lai dan tren cot dien",
            "Đề nghị xử lý việc dán quảng cáo tín dụng đen, cho vay lãi nặng",
        ],
    ),
    (
        "order",
        [
            "Trộm cắp xe máy xảy ra liên tiếp tại khu tập thể trong tháng này",
            "Khu tập thể bị mất trộm nhiều xe máy, đề nghị tăng cường tuần tra",
            "mat trom xe may nhieu lan o khu tap the",
            "Liên tục xảy ra mất cắp xe máy ở khu tập thể, dân rất lo lắng",
        ],
    ),
    (
        "conduct",
        [
            "Cán bộ một cửa phường gây khó dễ, yêu cầu nộp thêm giấy tờ không có trong quy định",
            "Công chức tiếp nhận hồ sơ đòi thêm giấy tờ ngoài quy định, thái độ không đúng mực",
            "can bo mot cua yeu cau giay to ngoai quy dinh, gay kho khan",
            "Phản ánh cán bộ bộ phận một cửa hướng dẫn sai, bắt bổ sung giấy tờ không cần thiết",
        ],
    ),
    (
        "conduct",
        [
            "Cán bộ địa chính xã có dấu hiệu nhận tiền để làm nhanh hồ sơ đất đai",
            "Tố cáo cán bộ địa chính đòi tiền bồi dưỡng mới giải quyết hồ sơ đất",
            "to cao can bo dia chinh nhan tien lam ho so",
            "Cán bộ địa chính yêu cầu nộp tiền ngoài quy định để được cấp sổ nhanh",
        ],
    ),
    (
        "conduct",
        [
            "Trụ sở phường không có người làm việc vào chiều thứ sáu, dân chờ mà không ai tiếp",
            "Chiều thứ sáu đến phường làm thủ tục nhưng phòng làm việc đóng cửa",
            "phuong khong co can bo truc chieu thu sau",
            "Phản ánh cán bộ phường bỏ vị trí làm việc buổi chiều thứ sáu",
        ],
    ),
    (
        "social",
        [
            "Gia đình khó khăn nhưng không được đưa vào danh sách hộ cận nghèo năm nay",
            "Bình xét hộ cận nghèo không công bằng, nhà tôi đủ điều kiện mà bị loại",
            "khong duoc xet ho can ngheo du hoan canh kho khan",
            "Đề nghị xem xét lại việc bình xét hộ cận nghèo của thôn",
        ],
    ),
    (
        "social",
        [
            "Mẹ tôi đủ 80 tuổi nhưng chưa được hưởng trợ cấp người cao tuổi",
            "Chưa nhận được tiền trợ cấp xã hội cho người cao tuổi dù đã làm hồ sơ",
            "chua duoc huong tro cap nguoi cao tuoi 80 tuoi",
            "Đề nghị giải quyết chế độ trợ cấp hằng tháng cho người từ 80 tuổi",
        ],
    ),
    (
        "social",
        [
            "Thẻ bảo hiểm y tế của trẻ dưới 6 tuổi chưa được cấp sau hai tháng",
            "Con tôi 3 tuổi vẫn chưa có thẻ BHYT dù đã đăng ký khai sinh",
            "chua cap the bao hiem y te cho tre em duoi 6 tuoi",
            "Phản ánh chậm cấp thẻ bảo hiểm y tế miễn phí cho trẻ em",
        ],
    ),
    (
        "infrastructure",
        [
            "Cống thoát nước phố Hàng Gai bị tắc, mưa là ngập cả đoạn đường",
            "Mưa to phố Hàng Gai ngập sâu vì cống thoát nước không được nạo vét",
            "cong thoat nuoc hang gai tac gay ngap",
            "Đề nghị nạo vét cống thoát nước trên phố Hàng Gai để chống ngập",
        ],
    ),
    (
        "infrastructure",
        [
            "Đèn chiếu sáng ngõ 45 Lý Thái Tổ hỏng cả tháng, đi tối rất nguy hiểm",
            "Ngõ 45 Lý Thái Tổ mất điện chiếu sáng công cộng nhiều tuần",
            "den duong ngo 45 ly thai to bi hong",
            "Đề nghị thay bóng đèn chiếu sáng trong ngõ 45 phố Lý Thái Tổ",
        ],
    ),
    (
        "infrastructure",
        [
            "Mặt đường liên thôn bị xe tải chở vật liệu làm hỏng, nhiều ổ gà lớn",
            "Xe chở đất đá của dự án làm nát đường liên thôn, đề nghị sửa chữa",
            "duong lien thon hu hong nhieu o ga do xe tai",
            "Đường liên thôn xuống cấp nghiêm trọng vì xe tải trọng lớn của công trình",
        ],
    ),
    (
        "infrastructure",
        [
            "Cầu dân sinh bắc qua suối bị sạt lở mố cầu sau trận lũ",
            "Mố cầu qua suối sạt lở, học sinh đi học qua rất nguy hiểm",
            "cau dan sinh qua suoi bi sat lo sau lu",
            "Đề nghị khẩn cấp sửa cầu qua suối bị lũ làm sạt mố",
        ],
    ),
    (
        "infrastructure",
        [
            "Cây xanh trên phố Tràng Tiền nghiêng, có nguy cơ đổ vào nhà dân",
            "Cây cổ thụ phố Tràng Tiền bị nghiêng nhiều, mùa mưa bão rất dễ đổ",
            "cay xanh pho trang tien nghieng nguy co do",
            "Đề nghị cắt tỉa, gia cố cây xanh bị nghiêng trên phố Tràng Tiền",
        ],
    ),
]

# Cross-category negatives: every text k of matter i against text k of matter i + 7 (mod n).
CROSS_STEP = 7


def pairs():
    for texts in (texts for _, texts in MATTERS):
        for a, b in itertools.combinations(texts, 2):
            yield a, b, 1
    n = len(MATTERS)
    for i, j in itertools.combinations(range(n), 2):
        if MATTERS[i][0] == MATTERS[j][0]:
            for k in range(len(MATTERS[i][1])):
                yield MATTERS[i][1][k], MATTERS[j][1][(k + 1) % 4], 0
    for i in range(n):
        j = (i + CROSS_STEP) % n
        if MATTERS[i][0] != MATTERS[j][0]:
            for k in range(4):
                yield MATTERS[i][1][k], MATTERS[j][1][k], 0
