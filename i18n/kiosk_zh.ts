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
    <name>ContentPanel</name>
    <message>
        <source>Not installed; what is shown stays: {reason}</source>
        <translation>未安装，当前内容保持不变：{reason}</translation>
    </message>
    <message>
        <source>Installed: the kiosk shows it now. Back to the previous content returns to what was shown.</source>
        <translation>已安装，现在显示的是新内容。点“回到上一版内容”可恢复之前显示的内容。</translation>
    </message>
    <message>
        <source>Could not look at the stick: {reason}</source>
        <translation>无法读取 U 盘：{reason}</translation>
    </message>
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
        <source>Looking at the stick…</source>
        <translation>正在检查 U 盘内容…</translation>
    </message>
    <message>
        <source>No content found on a USB stick. Plug in a stick with a content folder (one holding content.json).</source>
        <translation>U 盘上没有找到内容。请插入带有内容文件夹（含 content.json）的 U 盘。</translation>
    </message>
    <message>
        <source>{count} problem(s): it cannot be installed.</source>
        <translation>有 {count} 个问题，无法安装。</translation>
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
        <source>Nothing: it is the content shown now.</source>
        <translation>没有变化：与当前显示的内容相同。</translation>
    </message>
    <message>
        <source>Pages: {added} added, {removed} removed</source>
        <translation>页面：新增 {added}，删除 {removed}</translation>
    </message>
    <message>
        <source>Pages changed (texts or figures): {count}</source>
        <translation>有改动的页面（文字或数字）：{count} 个</translation>
    </message>
    <message>
        <source>Figures: {changed} changed, {added} added, {removed} removed {which}</source>
        <translation>数字：修改 {changed} 个，新增 {added} 个，删除 {removed} 个 {which}</translation>
    </message>
    <message>
        <source>Photos: {added} added or replaced, {removed} removed</source>
        <translation>图片：新增或替换 {added} 张，删除 {removed} 张</translation>
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
        <source>Looking at USB sticks</source>
        <translation>正在查看 U 盘</translation>
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
        <source>Content not reloaded, the last good content stays: {count} problem(s)
{problems}</source>
        <translation>内容未重新载入，继续使用上次的有效内容：{count}个问题
{problems}</translation>
    </message>
    <message>
        <source>Content reloaded.</source>
        <translation>内容已重新载入。</translation>
    </message>
    <message>
        <source>Version {version} · up {uptime} · memory {memory:.0f} MB</source>
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
        <source>Frames painted in the last second: {fps}</source>
        <translation>最近一秒绘制帧数：{fps}</translation>
    </message>
    <message>
        <source>Content: the bundled content ({folder})</source>
        <translation>内容：随展项附带的内容（{folder}）</translation>
    </message>
    <message>
        <source>Content: {folder}</source>
        <translation>内容：{folder}</translation>
    </message>
    <message>
        <source>Content in {folder} was refused: {count} problem(s), first: {problem}</source>
        <translation>未采用 {folder} 中的内容：{count} 个问题，第一个：{problem}</translation>
    </message>
    <message>
        <source>Content validated: OK</source>
        <translation>内容校验：正常</translation>
    </message>
    <message>
        <source>Photos that cannot be shown: {count} ({which})</source>
        <translation>无法显示的图片：{count} 张（{which}）</translation>
    </message>
    <message>
        <source>Visitor insight: {problem}</source>
        <translation>观众统计：{problem}</translation>
    </message>
    <message>
        <source>Problems at start: {count}</source>
        <translation>启动时的问题：{count}</translation>
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
