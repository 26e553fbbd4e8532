<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh" sourcelanguage="en">
<context>
    <name>AccessControls</name>
    <message>
        <source>Larger text</source>
        <translation>放大文字</translation>
    </message>
    <message>
        <source>Raise controls</source>
        <translation>按钮上移</translation>
    </message>
    <message>
        <source>Lower controls</source>
        <translation>按钮下移</translation>
    </message>
    <message>
        <source>Controls back to the top</source>
        <translation>按钮回到顶部</translation>
    </message>
    <message>
        <source>Bring controls within reach</source>
        <translation>按钮移到下方，便于触及</translation>
    </message>
</context>
<context>
    <name>Carousel</name>
    <message>
        <source>Photo unavailable</source>
        <translation>图片暂不可用</translation>
    </message>
    <message>
        <source>Illustration</source>
        <translation>示意图</translation>
    </message>
</context>
<context>
    <name>ChangeSummary</name>
    <message>
        <source>en</source>
        <comment>The code of this translation&apos;s language, as content.json names it: zh</comment>
        <translation>zh</translation>
    </message>
    <message>
        <source>title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>headline</source>
        <translation>大标题</translation>
    </message>
    <message>
        <source>tagline</source>
        <translation>副标题</translation>
    </message>
    <message>
        <source>summary</source>
        <translation>简介</translation>
    </message>
    <message>
        <source>highlight {n}</source>
        <translation>要点 {n}</translation>
    </message>
    <message>
        <source>label</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>period</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>document</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>caption</source>
        <translation>图片说明</translation>
    </message>
    <message>
        <source>credit</source>
        <translation>署名</translation>
    </message>
    <message>
        <source>bar {n}</source>
        <translation>第 {n} 条</translation>
    </message>
    <message>
        <source>Nothing: it is the content shown now.</source>
        <translation>没有变化：与当前显示的内容相同。</translation>
    </message>
    <message>
        <source>{label}: {old} → {new}</source>
        <translation>{label}：{old} → {new}</translation>
    </message>
    <message>
        <source>New figure: {label}: {new}</source>
        <translation>新增数字：{label}：{new}</translation>
    </message>
    <message>
        <source>Figure removed: {label}: {old}</source>
        <translation>删除数字：{label}：{old}</translation>
    </message>
    <message>
        <source>{where}: “{old}” → “{new}”</source>
        <translation>{where}：“{old}” → “{new}”</translation>
    </message>
    <message>
        <source>Added: {where}: “{new}”</source>
        <translation>新增：{where}：“{new}”</translation>
    </message>
    <message>
        <source>Removed: {where}: “{old}”</source>
        <translation>删除：{where}：“{old}”</translation>
    </message>
    <message>
        <source>Page added: {name}</source>
        <translation>新增页面：{name}</translation>
    </message>
    <message>
        <source>Page removed: {name}</source>
        <translation>删除页面：{name}</translation>
    </message>
    <message>
        <source>Photo added: {name}</source>
        <translation>新增图片：{name}</translation>
    </message>
    <message>
        <source>Photo removed: {name}</source>
        <translation>删除图片：{name}</translation>
    </message>
    <message>
        <source>Photo replaced: {name}</source>
        <translation>替换图片：{name}</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>……另有 {count} 处</translation>
    </message>
</context>
<context>
    <name>ContentInbox</name>
    <message>
        <source>Content inbox: {file} was refused; the content shown stays. Why: {reason}</source>
        <translation>内容收件箱：{file} 被拒收，当前内容保持不变。原因：{reason}</translation>
    </message>
    <message>
        <source>Content inbox: a new content pack is checked; it is installed when nobody is visiting</source>
        <translation>内容收件箱：新内容包已通过检查，将在无人参观时安装</translation>
    </message>
    <message>
        <source>Content inbox: the folder {folder} cannot be read (a share not connected?); details in the log</source>
        <translation>内容收件箱：文件夹 {folder} 无法读取（共享文件夹未连接？）；详见日志</translation>
    </message>
    <message>
        <source>Content inbox: {problem}</source>
        <translation>内容收件箱：{problem}</translation>
    </message>
    <message>
        <source>Content inbox: watched; installed pack {pack}, version {version}</source>
        <translation>内容收件箱：监视中；已安装内容包 {pack}，版本 {version}</translation>
    </message>
    <message>
        <source>Content inbox: watched; no pack installed yet</source>
        <translation>内容收件箱：监视中；尚未安装内容包</translation>
    </message>
</context>
<context>
    <name>ContentPanel</name>
    <message>
        <source>Back to the previous content.</source>
        <translation>已回到上一版内容。</translation>
    </message>
    <message>
        <source>Going back to the previous content…</source>
        <translation>正在回到上一版内容…</translation>
    </message>
    <message>
        <source>Installing from {folder}...</source>
        <translation>正在从 {folder} 安装……</translation>
    </message>
    <message>
        <source>Installing: checking the copied content</source>
        <translation>正在安装：检查复制的内容</translation>
    </message>
    <message>
        <source>Installing: checking the photos, {done} of {total}</source>
        <translation>正在安装：检查照片，第 {done} 张，共 {total} 张</translation>
    </message>
    <message>
        <source>Installing: copying files, {done} of {total} ({copied} of {size})</source>
        <translation>正在安装：复制文件，已复制 {done} 个，共 {total} 个（{copied} / {size}）</translation>
    </message>
    <message>
        <source>... and {count} more</source>
        <translation>……另有 {count} 个</translation>
    </message>
    <message>
        <source>It checks out. What installing changes:</source>
        <translation>校验通过。安装后将有以下变化：</translation>
    </message>
    <message>
        <source>Could not go back to the previous content; the content shown stays. The log has the details.</source>
        <translation>未能回到上一版内容，当前显示的内容不变。详情见日志。</translation>
    </message>
    <message>
        <source>Looking at the USB sticks…</source>
        <translation>正在查看 U 盘…</translation>
    </message>
    <message>
        <source>The USB stick could not be read</source>
        <translation>无法读取 U 盘</translation>
    </message>
    <message>
        <source>No content folder found</source>
        <translation>没有找到内容文件夹</translation>
    </message>
    <message>
        <source>Check that the stick is plugged in well, then tap Look again. The log has the details.</source>
        <translation>请检查 U 盘是否插好，然后点“重新查找”。详情见日志。</translation>
    </message>
    <message>
        <source>No content found on a USB stick. Plug in a stick with a content folder (one holding content.json), then tap Look again.</source>
        <translation>U 盘上没有找到内容。请插入带有内容文件夹（含 content.json）的 U 盘，然后点“重新查找”。</translation>
    </message>
    <message>
        <source>It checks out, and it is the content shown now: there is nothing to install.</source>
        <translation>校验通过，它与当前显示的内容相同，无需安装。</translation>
    </message>
    <message>
        <source>Installed: the kiosk shows it now. Back to the previous content returns to what was shown before.</source>
        <translation>已安装，现在显示的是新内容。点“回到上一版内容”可恢复之前显示的内容。</translation>
    </message>
    <message>
        <source>Installing the content from {folder}. Closing this panel stops it and changes nothing.</source>
        <translation>正在安装 {folder} 中的内容。关闭此面板会停止安装，不做任何改动。</translation>
    </message>
    <message>
        <source>{count} problem(s): it cannot be installed. Fix them on a computer (&apos;kiosk check&apos; lists them), then look again.</source>
        <translation>有 {count} 个问题，无法安装。请在电脑上修改（“kiosk check”会列出这些问题），然后重新查找。</translation>
    </message>
    <message>
        <source>Not installed; the content shown stays.</source>
        <translation>未安装，当前显示的内容不变。</translation>
    </message>
    <message>
        <source>For the content editor, as &apos;kiosk check&apos; says it:</source>
        <translation>供内容编辑人员参考（“kiosk check”的原文）：</translation>
    </message>
    <message>
        <source>As the log says it:</source>
        <translation>日志中的原文：</translation>
    </message>
    <message>
        <source>{file} is not valid JSON near line {line}, column {column}: a comma, quote or bracket is missing or extra.</source>
        <translation>{file} 不是有效的 JSON 文件：第 {line} 行第 {column} 列附近缺少或多了逗号、引号或括号。</translation>
    </message>
    <message>
        <source>Content from a USB stick</source>
        <translation>从 U 盘更新内容</translation>
    </message>
    <message>
        <source>Content folders found: {count}</source>
        <translation>找到的内容文件夹：{count} 个</translation>
    </message>
    <message>
        <source>Install</source>
        <translation>安装</translation>
    </message>
    <message>
        <source>Back to the previous content</source>
        <translation>回到上一版内容</translation>
    </message>
    <message>
        <source>Look again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>DiagnosticsButton</name>
    <message>
        <source>Diagnostics not written: {reason}</source>
        <translation>诊断信息未写入：{reason}</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Writing the diagnostics to {place}…</source>
        <translation>正在将诊断信息写入{place}…</translation>
    </message>
    <message>
        <source>Diagnostics not written to {place}: {reason}</source>
        <translation>诊断信息未写入{place}：{reason}</translation>
    </message>
    <message>
        <source>Diagnostics written to {place}</source>
        <translation>诊断信息已写入{place}</translation>
    </message>
    <message>
        <source>Writing diagnostics…</source>
        <translation>正在写入诊断信息…</translation>
    </message>
    <message>
        <source>Diagnostics to USB</source>
        <translation>诊断信息存到 U 盘</translation>
    </message>
</context>
<context>
    <name>Health</name>
    <message>
        <source>A problem with the staff PIN (details in the log)</source>
        <translation>员工密码出现问题（详情见日志）</translation>
    </message>
    <message>
        <source>Content from USB was not installed (details in the log)</source>
        <translation>U 盘内容未安装（详情见日志）</translation>
    </message>
    <message>
        <source>Visitor insight could not be recorded (details in the log)</source>
        <translation>观众统计未能记录（详情见日志）</translation>
    </message>
    <message>
        <source>The opening hours set by staff could not be kept (details in the log)</source>
        <translation>员工设置的开放时间未能保存（详情见日志）</translation>
    </message>
    <message>
        <source>A font could not be loaded (details in the log)</source>
        <translation>字体未能载入（详情见日志）</translation>
    </message>
    <message>
        <source>A translation could not be loaded (details in the log)</source>
        <translation>翻译未能载入（详情见日志）</translation>
    </message>
    <message>
        <source>A photo could not be shown (details in the log)</source>
        <translation>有照片无法显示（详情见日志）</translation>
    </message>
    <message>
        <source>A problem with the content (details in the log)</source>
        <translation>内容出现问题（详情见日志）</translation>
    </message>
    <message>
        <source>A system command did not work (details in the log)</source>
        <translation>系统命令未能执行（详情见日志）</translation>
    </message>
    <message>
        <source>A problem was written to the log</source>
        <translation>日志中记录了一个问题</translation>
    </message>
    <message>
        <source>Staff PIN pad locked for {minutes} min after too many wrong PINs</source>
        <translation>员工密码输错次数过多，密码键盘锁定 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Wrong staff PIN entered ({tries} tries left)</source>
        <translation>员工密码输入错误（还可尝试 {tries} 次）</translation>
    </message>
    <message>
        <source>A content pack from the inbox was refused; the content shown stays (details in the log)</source>
        <translation>收件箱中的内容包被拒收，当前内容保持不变（详见日志）</translation>
    </message>
</context>
<context>
    <name>HealthText</name>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分钟</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <source>Problems at start: {count} (details in the log)</source>
        <translation>启动时发现 {count} 个问题（详情见日志）</translation>
    </message>
    <message>
        <source>Files concerned: {files}</source>
        <translation>涉及的文件：{files}</translation>
    </message>
    <message>
        <source>Visitor insight is not being saved ({file}); visitors are served as ever</source>
        <translation>观众统计未能保存（{file}），不影响观众使用</translation>
    </message>
    <message>
        <source>Visitor insight is not being saved; visitors are served as ever</source>
        <translation>观众统计未能保存，不影响观众使用</translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <source>Touch a theme below to explore</source>
        <translation>点击下方主题，开始探索</translation>
    </message>
</context>
<context>
    <name>InsightPanel</name>
    <message>
        <source>Could not read the visitor records: {reason}</source>
        <translation>无法读取观众记录：{reason}</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Not exported: {reason}</source>
        <translation>未导出：{reason}</translation>
    </message>
    <message>
        <source>Exported four CSV files to {folder}</source>
        <translation>已将四个 CSV 文件导出到 {folder}</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s}秒</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m}分{s}秒</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h}小时{m}分</translation>
    </message>
    <message>
        <source>Visitor insight</source>
        <translation>观众统计</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近7天</translation>
    </message>
    <message>
        <source>visits</source>
        <translation>访问人次</translation>
    </message>
    <message>
        <source>median visit, first to last touch</source>
        <translation>访问时长中位数（首次至末次触摸）</translation>
    </message>
    <message>
        <source>busiest hour</source>
        <translation>最忙时段</translation>
    </message>
    <message>
        <source>Time per page</source>
        <translation>各页停留时间</translation>
    </message>
    <message>
        <source>Visits per hour</source>
        <translation>每小时访问人次</translation>
    </message>
    <message>
        <source>Visits per day</source>
        <translation>每日访问人次</translation>
    </message>
    <message>
        <source>Language at the end of the visit</source>
        <translation>访问结束时的语言</translation>
    </message>
    <message>
        <source>Where visitors touch</source>
        <translation>观众触摸位置</translation>
    </message>
    <message>
        <source>Export CSV to:</source>
        <translation>导出 CSV 到：</translation>
    </message>
    <message>
        <source>Back to staff panel</source>
        <translation>返回员工面板</translation>
    </message>
    <message>
        <source>No visits yet</source>
        <translation>暂无访问</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Lanzhou New Area exhibition kiosk</source>
        <translation>兰州新区展览互动屏</translation>
    </message>
</context>
<context>
    <name>Lightbox</name>
    <message>
        <source>Photo unavailable</source>
        <translation>图片暂不可用</translation>
    </message>
    <message>
        <source>Tap anywhere to close</source>
        <translation>点击任意处关闭</translation>
    </message>
    <message>
        <source>Illustration</source>
        <translation>示意图</translation>
    </message>
</context>
<context>
    <name>MaintenanceInfo</name>
    <message>
        <source>Maintenance mode · {fps} screen updates a second · running for {uptime} · memory {memory:.0f} MB · version {version}</source>
        <translation>维护模式 · 画面每秒更新 {fps} 次 · 已运行 {uptime} · 内存 {memory:.0f} MB · 版本 {version}</translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <source>{name} ({note})</source>
        <translation>{name}（{note}）</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>亮点</translation>
    </message>
    <message>
        <source>More figures</source>
        <translation>更多数据</translation>
    </message>
    <message>
        <source>Source: {source}</source>
        <translation>数据来源：{source}</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>No staff PIN is set. Run &apos;kiosk set-pin&apos; on this computer.</source>
        <translation>尚未设置员工密码。请在本机运行 kiosk set-pin。</translation>
    </message>
    <message>
        <source>The staff panel cannot open: {reason}.</source>
        <translation>员工面板无法打开：{reason}。</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m}分{s}秒</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m}分钟</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s}秒</translation>
    </message>
    <message>
        <source>Too many wrong tries. Try again in {wait}.</source>
        <translation>错误次数过多，请{wait}后再试。</translation>
    </message>
    <message>
        <source>Wrong PIN. {tries} tries left.</source>
        <translation>密码错误，还可尝试{tries}次。</translation>
    </message>
    <message>
        <source>Staff access</source>
        <translation>员工通道</translation>
    </message>
    <message>
        <source>Enter the staff PIN</source>
        <translation>请输入员工密码</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ProblemBanner</name>
    <message>
        <source>Not shown: {count} problem(s) in the content. The last good content stays until they are fixed.</source>
        <translation>未显示：内容中有 {count} 个问题。问题修正前，继续显示上一版正确的内容。</translation>
    </message>
    <message>
        <source>... and {count} more (kiosk check lists them all)</source>
        <translation>……另有 {count} 个（kiosk check 会全部列出）</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Interactive</source>
        <translation>互动</translation>
    </message>
    <message>
        <source>Attract only</source>
        <translation>仅待机展示</translation>
    </message>
    <message>
        <source>Guided</source>
        <translation>讲解</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>维护</translation>
    </message>
    <message>
        <source>Idle timeout</source>
        <translation>无操作超时</translation>
    </message>
    <message>
        <source>{value} s</source>
        <translation>{value}秒</translation>
    </message>
    <message>
        <source>Attract loop</source>
        <translation>待机展示</translation>
    </message>
    <message>
        <source>Default language</source>
        <translation>默认语言</translation>
    </message>
    <message>
        <source>Reduced motion</source>
        <translation>减少动效</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>高对比度</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关</translation>
    </message>
</context>
<context>
    <name>StaffPanel</name>
    <message>
        <source>Applied, but could not be saved: {reason}</source>
        <translation>已生效，但无法保存：{reason}</translation>
    </message>
    <message>
        <source>Content not reloaded, the last good content stays: {count} problem(s). For the content editor, as &apos;kiosk check&apos; says it:
{problems}</source>
        <translation>内容未重新载入，继续使用上次的有效内容：有 {count} 个问题。供内容编辑人员参考（“kiosk check”的原文）：
{problems}</translation>
    </message>
    <message>
        <source>Content reloaded.</source>
        <translation>内容已重新载入。</translation>
    </message>
    <message>
        <source>Version {version} · running for {uptime} · memory {memory:.0f} MB</source>
        <translation>版本 {version} · 已运行 {uptime} · 内存 {memory:.0f} MB</translation>
    </message>
    <message>
        <source>Recent problems:</source>
        <translation>近期问题：</translation>
    </message>
    <message>
        <source>No recent problems.</source>
        <translation>近期没有问题。</translation>
    </message>
    <message>
        <source>… and {count} more line(s) in the log</source>
        <translation>……另有 {count} 行，见日志</translation>
    </message>
    <message>
        <source>Always open (no opening hours set)</source>
        <translation>全天开放（未设置开放时间）</translation>
    </message>
    <message>
        <source>Open until {when}</source>
        <translation>开放中，至 {when}</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>开放中</translation>
    </message>
    <message>
        <source>Closed until {when}</source>
        <translation>已闭馆，至 {when}</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已闭馆</translation>
    </message>
    <message>
        <source> (by staff)</source>
        <translation>（工作人员设置）</translation>
    </message>
    <message>
        <source>Staff panel</source>
        <translation>员工面板</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>运行状态</translation>
    </message>
    <message>
        <source>Opening hours</source>
        <translation>开放时间</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Open now</source>
        <translation>立即开放</translation>
    </message>
    <message>
        <source>Close now</source>
        <translation>立即闭馆</translation>
    </message>
    <message>
        <source>Follow schedule</source>
        <translation>按时间表</translation>
    </message>
    <message>
        <source>Visitor insight</source>
        <translation>观众统计</translation>
    </message>
    <message>
        <source>Content from USB</source>
        <translation>从 U 盘更新内容</translation>
    </message>
    <message>
        <source>Reload content</source>
        <translation>重新载入内容</translation>
    </message>
    <message>
        <source>Start attract now</source>
        <translation>立即开始待机展示</translation>
    </message>
    <message>
        <source>Quit for maintenance</source>
        <translation>退出以便维护</translation>
    </message>
    <message>
        <source>Quit the kiosk for maintenance? The screen stays on the desktop until the kiosk is started again or the computer restarts.</source>
        <translation>退出展项进行维护？
在展项重新启动或电脑重启之前，屏幕将停留在桌面。</translation>
    </message>
    <message>
        <source>Quit now</source>
        <translation>立即退出</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>继续运行</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>StaffScreens</name>
    <message>
        <source>Content: the bundled content</source>
        <translation>内容：随展项附带的内容</translation>
    </message>
    <message>
        <source>Content:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <source>The content in {folder} was refused: {count} problem(s), details in the log. The content before it is shown.</source>
        <translation>{folder} 中的内容未被采用：有 {count} 个问题，详情见日志。现在显示的是之前的内容。</translation>
    </message>
    <message>
        <source>Content checked: no problems</source>
        <translation>内容校验：没有问题</translation>
    </message>
    <message>
        <source>Photos that cannot be shown: {count} ({which})</source>
        <translation>无法显示的图片：{count} 张（{which}）</translation>
    </message>
</context>
<context>
    <name>StillThere</name>
    <message>
        <source>Still there?</source>
        <translation>还在浏览吗？</translation>
    </message>
    <message>
        <source>Touch the screen to carry on ({seconds})</source>
        <translation>触摸屏幕继续（{seconds}）</translation>
    </message>
</context>
</TS>
